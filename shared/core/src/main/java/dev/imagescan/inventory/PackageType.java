package dev.imagescan.inventory;

/** The package ecosystems of operating systems, named as package URL types. */
public enum PackageType {
    DEB("deb"),
    APK("apk"),
    RPM("rpm");

    private final String purlType;

    PackageType(String purlType) {
        this.purlType = purlType;
    }

    public String purlType() {
        return purlType;
    }
}
