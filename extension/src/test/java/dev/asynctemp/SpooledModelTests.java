package dev.asynctemp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asynctemp.internal.Futures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded random operation sequences on a {@link SpooledTemporaryFile}, each step
 * checked against a plain in-memory model: results, position, size, rollover state, and that
 * in-memory steps complete before returning.
 *
 * <p>CI runs the fixed seeds {@code 0 .. runs-1}. A larger run, or a replay of one failing seed:
 * <pre>
 * mvn -pl extension test -Dtest=SpooledModelTests -DspooledModel.runs=100000
 * mvn -pl extension test -Dtest=SpooledModelTests -DspooledModel.seed=1234
 * </pre>
 */
@DisplayName("SpooledTemporaryFile against a reference model")
class SpooledModelTests {

    private static final int RUNS = Integer.getInteger("spooledModel.runs", 1500);
    private static final Long ONLY_SEED = Long.getLong("spooledModel.seed");
    private static final int STEPS = 40;
    private static final int[] MAX_SIZES = {-1, 0, 1, 7, 16, 64};
    private static final String[] TEXT_PIECES = {"a", "bc", "é", "€", "😀", "\n", "xyz\n", "\0"};

    @TempDir
    Path dir;

    @Test
    @DisplayName("binary mode")
    void binary() throws Exception {
        runAll(false);
    }

    @Test
    @DisplayName("text mode (UTF-8, newline LF)")
    void text() throws Exception {
        runAll(true);
    }

    private void runAll(boolean text) throws Exception {
        if (ONLY_SEED != null) {
            new Run(ONLY_SEED, text).execute();
            return;
        }
        for (long seed = 0; seed < RUNS; seed++) {
            new Run(seed, text).execute();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("rolled-over files have no name and leave nothing").isEmpty();
        }
    }

    /** The reference: bytes, size, position, and whether a rollover must have happened. */
    static final class Model {
        final int maxSize;
        byte[] data = new byte[0];
        long position;
        boolean rolled;

        Model(int maxSize) {
            this.maxSize = maxSize;
        }

        int size() {
            return data.length;
        }

        void noteEnd(long end) {
            if (maxSize > 0 && end > maxSize) {
                rolled = true;
            }
        }

        void write(byte[] bytes) {
            long end = position + bytes.length;
            noteEnd(end);
            if (bytes.length == 0) {
                return;
            }
            if (end > data.length) {
                data = Arrays.copyOf(data, (int) end);
            }
            System.arraycopy(bytes, 0, data, (int) position, bytes.length);
            position = end;
        }

        void truncate(long size) {
            noteEnd(size);
            data = Arrays.copyOf(data, (int) size);
        }

        byte[] readBytes(long count) {
            if (position >= data.length) {
                return new byte[0];
            }
            int end = (int) Math.min(data.length, position + count);
            byte[] out = Arrays.copyOfRange(data, (int) position, end);
            position = end;
            return out;
        }

        byte[] readlineBytes() {
            if (position >= data.length) {
                return new byte[0];
            }
            int end = (int) position;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            return readBytes(Math.min(data.length, end + 1) - position);
        }

        boolean isBoundary(long at) {
            return at >= data.length || (data[(int) at] & 0xC0) != 0x80;
        }

        String readChars(int count) {
            var text = new StringBuilder();
            var bytes = new ByteArrayOutputStream();
            String rest = position >= data.length ? "" : new String(data, (int) position, data.length - (int) position, UTF_8);
            for (int i = 0; i < rest.length();) {
                int cp = rest.codePointAt(i);
                int chars = Character.charCount(cp);
                if (text.length() + chars > count && !(text.length() == 0 && count == 1)) {
                    break;
                }
                if (text.length() >= count) {
                    break;
                }
                text.appendCodePoint(cp);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(UTF_8));
                i += chars;
            }
            position += bytes.size();
            return text.toString();
        }
    }

    /** One seeded sequence. */
    final class Run {
        private final long seed;
        private final boolean text;
        private final Random random;
        private final Model model;
        private final List<String> trace = new ArrayList<>();

        Run(long seed, boolean text) {
            this.seed = seed;
            this.text = text;
            this.random = new Random(seed);
            this.model = new Model(MAX_SIZES[random.nextInt(MAX_SIZES.length)]);
        }

        void execute() throws Exception {
            var options = TempOptions.defaults().withDir(dir);
            if (text) {
                try (SpooledTemporaryFile<String> file = AsyncTempfile.spooledTemporaryFile(model.maxSize,
                        Mode.TEXT.withNewline(Newline.LF), options)) {
                    for (int step = 0; step < STEPS; step++) {
                        textStep(file);
                        checkState(file);
                    }
                }
            } else {
                try (SpooledTemporaryFile<byte[]> file = AsyncTempfile.spooledTemporaryFile(model.maxSize,
                        Mode.BINARY, options)) {
                    for (int step = 0; step < STEPS; step++) {
                        binaryStep(file);
                        checkState(file);
                    }
                }
            }
        }

        private void binaryStep(SpooledTemporaryFile<byte[]> file) {
            int op = random.nextInt(100);
            if (op < 25) {
                byte[] bytes = randomBytes();
                call("write(" + bytes.length + " bytes)", () -> file.write(bytes), bytes.length, () -> model.write(bytes));
            } else if (op < 32) {
                byte[] a = randomBytes();
                byte[] b = randomBytes();
                byte[] both = concat(a, b);
                call("writelines(" + a.length + "+" + b.length + " bytes)", () -> file.writelines(List.of(a, b)), null,
                        () -> model.write(both));
            } else if (op < 47) {
                seek(file, random.nextInt(model.size() + 20));
            } else if (op < 54) {
                var expected = new Object[1];
                call("read()", file::read, expected, () -> expected[0] = model.readBytes(Integer.MAX_VALUE));
            } else if (op < 66) {
                int n = random.nextInt(12);
                var expected = new Object[1];
                call("read(" + n + ")", () -> file.read(n), expected, () -> expected[0] = model.readBytes(n));
            } else if (op < 74) {
                var expected = new Object[1];
                call("readline()", file::readline, expected, () -> expected[0] = model.readlineBytes());
            } else if (op < 78) {
                var buffer = ByteBuffer.allocate(random.nextInt(10));
                var expected = new byte[1][];
                var model = this.model;
                var trim = new Object[1];
                call("readinto(" + buffer.capacity() + ")", () -> file.readinto(buffer).thenApply(n -> {
                    trim[0] = Arrays.copyOf(buffer.array(), n);
                    return n;
                }), null, () -> expected[0] = model.readBytes(buffer.capacity()));
                check("readinto bytes", trim[0], expected[0]);
            } else if (op < 84) {
                truncate(file, random.nextInt(model.size() + 20));
            } else if (op < 92) {
                call("tell()", file::tell, model.position, () -> { });
            } else if (op < 95) {
                call("rollover()", file::rollover, null, () -> model.rolled = true);
            } else {
                var expected = new Object[1];
                call("readlines()", () -> file.readlines().thenApply(lines -> concat(lines.toArray(byte[][]::new))),
                        expected, () -> expected[0] = model.readBytes(Integer.MAX_VALUE));
            }
        }

        private void textStep(SpooledTemporaryFile<String> file) {
            int op = random.nextInt(100);
            if (op < 27) {
                String s = randomText();
                byte[] bytes = s.getBytes(UTF_8);
                if (!model.isBoundary(model.position + bytes.length)) {
                    // Overwriting half a character would make the file invalid UTF-8: append instead.
                    seek(file, model.size(), Whence.SET);
                }
                call("write(" + quote(s) + ")", () -> file.write(s), s.length(), () -> model.write(bytes));
            } else if (op < 33) {
                String a = randomText();
                String b = randomText();
                byte[] both = (a + b).getBytes(UTF_8);
                if (!model.isBoundary(model.position + both.length)) {
                    seek(file, model.size(), Whence.SET);
                }
                call("writelines(" + quote(a) + ", " + quote(b) + ")", () -> file.writelines(List.of(a, b)), null,
                        () -> model.write(both));
            } else if (op < 48) {
                long target = random.nextInt(model.size() + 12);
                while (!model.isBoundary(target)) {
                    target--;
                }
                seek(file, target);
            } else if (op < 55) {
                var expected = new Object[1];
                call("read()", file::read, expected, () -> expected[0] = new String(model.readBytes(Integer.MAX_VALUE), UTF_8));
            } else if (op < 67) {
                int n = random.nextInt(8);
                var expected = new Object[1];
                call("read(" + n + ")", () -> file.read(n), expected, () -> expected[0] = model.readChars(n));
            } else if (op < 76) {
                var expected = new Object[1];
                call("readline()", file::readline, expected, () -> expected[0] = new String(model.readlineBytes(), UTF_8));
            } else if (op < 83) {
                long size = random.nextInt(model.size() + 12);
                while (!model.isBoundary(size)) {
                    size--;
                }
                truncate(file, size);
            } else if (op < 91) {
                call("tell()", file::tell, model.position, () -> { });
            } else if (op < 94) {
                call("rollover()", file::rollover, null, () -> model.rolled = true);
            } else {
                var expected = new Object[1];
                call("readlines()", () -> file.readlines().thenApply(lines -> String.join("", lines)), expected,
                        () -> expected[0] = new String(model.readBytes(Integer.MAX_VALUE), UTF_8));
            }
        }

        private void seek(SpooledTemporaryFile<?> file, long target) {
            var whence = Whence.values()[random.nextInt(3)];
            seek(file, target, whence);
        }

        private void seek(SpooledTemporaryFile<?> file, long target, Whence whence) {
            long offset = switch (whence) {
                case SET -> target;
                case CURRENT -> target - model.position;
                case END -> target - model.size();
            };
            call("seek(" + offset + ", " + whence + ")", () -> file.seek(offset, whence), target,
                    () -> model.position = target);
        }

        private void truncate(SpooledTemporaryFile<?> file, long size) {
            if (random.nextBoolean()) {
                call("truncate(" + size + ")", () -> file.truncate(size), size, () -> model.truncate(size));
            } else {
                long at = model.position;
                if (text && !model.isBoundary(at)) {
                    return;
                }
                call("truncate() at " + at, file::truncate, at, () -> model.truncate(at));
            }
        }

        /**
         * Runs one operation on the file and the model. {@code expected} is the result, or a
         * one-element array the model fills in, or {@code null} to ignore the result.
         */
        private void call(String name, Supplier<CompletableFuture<?>> operation, Object expected, Runnable onModel) {
            trace.add(name);
            boolean wasInMemory = !model.rolled;
            CompletableFuture<?> future = operation.get();
            boolean doneOnReturn = future.isDone();
            onModel.run();
            Object actual;
            try {
                actual = future.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw fail("failed: " + Futures.unwrap(e), e);
            }
            if (wasInMemory && !model.rolled && !doneOnReturn) {
                throw fail("an in-memory operation did not complete before returning", null);
            }
            Object want = expected instanceof Object[] holder ? holder[0] : expected;
            if (want != null) {
                check("result", actual, want);
            }
        }

        private void checkState(SpooledTemporaryFile<?> file) {
            if (file.isRolledOver() != model.rolled) {
                throw fail("isRolledOver() is " + file.isRolledOver() + ", the model says " + model.rolled, null);
            }
        }

        private void check(String what, Object actual, Object expected) {
            boolean same = actual instanceof byte[] a && expected instanceof byte[] e ? Arrays.equals(a, e)
                    : Objects.equals(actual instanceof Integer i ? (Object) i.longValue() : actual,
                            expected instanceof Integer i ? (Object) i.longValue() : expected);
            if (!same) {
                throw fail(what + " was " + show(actual) + ", the model says " + show(expected), null);
            }
        }

        private AssertionError fail(String problem, Throwable cause) {
            var message = new StringBuilder()
                    .append(text ? "text" : "binary").append(" run, seed ").append(seed)
                    .append(", maxSize ").append(model.maxSize).append(": step ").append(trace.size())
                    .append(' ').append(trace.get(trace.size() - 1)).append(' ').append(problem)
                    .append(System.lineSeparator()).append("replay with -DspooledModel.seed=").append(seed)
                    .append(System.lineSeparator()).append("sequence:");
            for (int i = 0; i < trace.size(); i++) {
                message.append(System.lineSeparator()).append("  ").append(i + 1).append(". ").append(trace.get(i));
            }
            return new AssertionError(message.toString(), cause);
        }

        private byte[] randomBytes() {
            byte[] bytes = new byte[random.nextInt(random.nextInt(10) == 0 ? 80 : 9)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(5) == 0 ? (byte) '\n' : (byte) ('a' + random.nextInt(26));
            }
            return bytes;
        }

        private String randomText() {
            var s = new StringBuilder();
            int pieces = random.nextInt(random.nextInt(10) == 0 ? 30 : 4);
            for (int i = 0; i < pieces; i++) {
                s.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
            }
            return s.toString();
        }
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String quote(String s) {
        return '"' + s.replace("\n", "\\n").replace("\0", "\\0") + '"';
    }

    private static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return quote(new String(bytes, UTF_8)) + " (" + bytes.length + " bytes)";
        }
        return value instanceof String s ? quote(s) : String.valueOf(value);
    }
}
