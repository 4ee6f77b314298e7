package dev.imagescan.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagescan.image.Digest;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records whose {@code equals} and {@code hashCode} are written out (for start-up: the generated ones are
 * bootstrapped through {@code ObjectMethods}, docs/cli.md#fast-start) behave as the generated ones would: equal when
 * every component is, unequal when any one differs. A component added later without being added to those methods
 * fails here, since every record's component count is checked against the values given for it.
 */
class RecordMethodsTest {

    @Test
    void digest() {
        // its components cannot differ one at a time: each algorithm has its own hex length
        assertEquals(2, Digest.class.getRecordComponents().length, "add new components to Digest.equals, hashCode");
        Digest a = Digest.parse("sha256:" + "a".repeat(64));
        assertEquals(a, Digest.parse("sha256:" + "a".repeat(64)));
        assertEquals(a.hashCode(), Digest.parse("sha256:" + "a".repeat(64)).hashCode());
        assertNotEquals(a, Digest.parse("sha256:" + "a".repeat(63) + "b"));
        assertNotEquals(a.hashCode(), Digest.parse("sha256:" + "a".repeat(63) + "b").hashCode());
        assertNotEquals(a, Digest.parse("sha512:" + "a".repeat(128)));
        assertNotEquals(a, null);
        assertNotEquals(a, a.toString());
    }

    @Test
    void sourcePackage() throws Exception {
        check(SourcePackage.class, new Object[] {"openssl", "3.3.2-r0"}, new Object[] {"busybox", "3.3.2-r1"});
    }

    @Test
    void layerRef() throws Exception {
        check(LayerRef.class, new Object[] {0, "sha256:" + "a".repeat(64)},
                new Object[] {LayerRef.UNKNOWN_INDEX, "sha256:" + "b".repeat(64)});
    }

    @Test
    void packageOfAnyKind() throws Exception {
        Object[] base = {PackageType.APK, "libssl3", "3.3.2-r0", "x86_64", new SourcePackage("openssl", "3.3.2-r0"),
                "pkg:apk/alpine/libssl3@3.3.2-r0?arch=x86_64", new LayerRef(0, "sha256:" + "a".repeat(64)),
                new InstalledPackage.RpmFields(1L, "3.3.2", "1.el9", "Red Hat, Inc.", null),
                new AppLocation("app/app.jar", "app/app.jar", "pom.properties", "high", null, "pkg:maven/a/b@1")};
        Object[] other = {PackageType.RPM, "libcrypto3", "3.3.2-r1", "aarch64", new SourcePackage("openssl", "3.3.3"),
                "pkg:apk/alpine/libcrypto3@3.3.2-r0?arch=x86_64", new LayerRef(1, "sha256:" + "a".repeat(64)),
                new InstalledPackage.RpmFields(2L, "3.3.2", "1.el9", "Red Hat, Inc.", null),
                new AppLocation("app/other.jar", "app/other.jar", "pom.properties", "high", null, "pkg:maven/a/b@1")};
        check(Package.class, base, other);
    }

    /**
     * {@code base} and {@code other} give each component two different values; a null object component is tried
     * too.
     */
    private static <R extends Record> void check(Class<R> type, Object[] base, Object[] other)
            throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        assertEquals(components.length, base.length, type.getSimpleName() + " has components this test does not"
                + " know: add them to its equals and hashCode, and here");
        Constructor<R> constructor = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        R a = constructor.newInstance(base);
        R same = constructor.newInstance(base.clone());
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, null);
        assertNotEquals(a, "not a " + type.getSimpleName());
        List<String> hashesAlike = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            Object[] changed = base.clone();
            changed[i] = other[i];
            R b = constructor.newInstance(changed);
            assertNotEquals(a, b, components[i].getName() + " takes no part in " + type.getSimpleName() + ".equals");
            assertNotEquals(b, a, components[i].getName());
            if (a.hashCode() == b.hashCode()) {
                hashesAlike.add(components[i].getName());
            }
            if (!components[i].getType().isPrimitive()) {
                changed[i] = null;
                R n = constructor.newInstance(changed);
                assertEquals(n, constructor.newInstance(changed.clone()), components[i].getName() + " null");
                assertEquals(n.hashCode(), constructor.newInstance(changed.clone()).hashCode());
                assertNotEquals(a, n, components[i].getName() + " null");
                assertNotEquals(n, a, components[i].getName() + " null");
            }
        }
        assertEquals(List.of(), hashesAlike, "components that take no part in " + type.getSimpleName() + ".hashCode");
    }
}
