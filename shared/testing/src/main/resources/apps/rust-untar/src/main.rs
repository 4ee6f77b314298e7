fn main() {
    println!("untar");
}
