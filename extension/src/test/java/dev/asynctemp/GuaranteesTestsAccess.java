package dev.asynctemp;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages use the chattr helpers of {@link GuaranteesTests}. */
public final class GuaranteesTestsAccess {

    private GuaranteesTestsAccess() {
    }

    public static boolean canMakeImmutable() {
        return GuaranteesTests.canMakeImmutable();
    }

    public static boolean chattr(String flag, Path... paths) throws IOException {
        return GuaranteesTests.chattr(flag, paths);
    }
}
