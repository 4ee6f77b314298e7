package dev.imagescan.inventory;

/** The source package a binary package was built from; advisories of Debian, Ubuntu and Alpine name these. */
public record SourcePackage(String name, String version) {}
