package dev.imagescan.cli;

public final class ImageScanCli {
    public static void main(String[] args) {
    }
}
