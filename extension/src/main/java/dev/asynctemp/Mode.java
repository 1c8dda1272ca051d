package dev.asynctemp;

import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a temporary file presents its content: as bytes ({@link #BINARY}) or as text ({@link #TEXT}).
 *
 * <p>The mode fixes the element type {@code T} of a {@link TemporaryFile TemporaryFile&lt;T&gt;}:
 * {@code byte[]} in binary mode (Python's {@code "w+b"}, the default) and {@code String} in text
 * mode (Python's {@code "w+"}). Text mode carries the charset, the action taken on malformed or
 * unmappable characters and the newline handling:
 *
 * <pre>{@code
 * TemporaryFile<String> latin = temporaryFile(Mode.TEXT.withCharset(StandardCharsets.ISO_8859_1)).join();
 * }</pre>
 *
 * @param <T> {@code byte[]} for binary mode, {@code String} for text mode
 * @since 0.1.0
 */
public sealed interface Mode<T> permits Mode.Binary, Mode.Text {

    /** Binary mode: the file reads and writes {@code byte[]}. This is the default. */
    Binary BINARY = new Binary();

    /**
     * Text mode with UTF-8, strict error handling ({@link CodingErrorAction#REPORT}) and universal
     * newlines ({@link Newline#UNIVERSAL}), as Python's {@code mode="w+"} with its defaults.
     */
    Text TEXT = new Text(StandardCharsets.UTF_8, CodingErrorAction.REPORT, Newline.UNIVERSAL);

    /**
     * Returns the Java type of the file's elements.
     *
     * @return {@code byte[].class} or {@code String.class}
     */
    Class<T> elementType();

    /**
     * Binary mode: content is read and written as {@code byte[]}.
     *
     * @since 0.1.0
     */
    record Binary() implements Mode<byte[]> {
        @Override
        public Class<byte[]> elementType() {
            return byte[].class;
        }
    }

    /**
     * Text mode: content is read and written as {@code String}, encoded with {@code charset}.
     *
     * <p>Positions ({@code tell()}, {@code seek(...)}) are byte offsets into the encoded file.
     *
     * @param charset the charset used to encode writes and decode reads
     * @param errors what to do with malformed input on read and unmappable characters on write:
     *     {@link CodingErrorAction#REPORT} fails the operation with a
     *     {@link java.nio.charset.CharacterCodingException} (Python's {@code "strict"}),
     *     {@link CodingErrorAction#REPLACE} substitutes the charset's replacement,
     *     {@link CodingErrorAction#IGNORE} drops the offending input
     * @param newline how line endings are recognised and translated, see {@link Newline}
     * @since 0.1.0
     */
    record Text(Charset charset, CodingErrorAction errors, Newline newline) implements Mode<String> {

        /**
         * Checks the components.
         *
         * @param charset the charset
         * @param errors the coding error action
         * @param newline the newline handling
         * @throws NullPointerException if any component is {@code null}
         */
        public Text {
            Objects.requireNonNull(charset, "charset must not be null");
            Objects.requireNonNull(errors, "errors must not be null");
            Objects.requireNonNull(newline, "newline must not be null");
        }

        /**
         * Returns a copy of this mode with another charset.
         *
         * @param charset the charset, not {@code null}
         * @return a new text mode
         */
        public Text withCharset(Charset charset) {
            return new Text(charset, errors, newline);
        }

        /**
         * Returns a copy of this mode with another coding error action.
         *
         * @param errors {@code REPORT} (strict), {@code REPLACE} or {@code IGNORE}, not {@code null}
         * @return a new text mode
         */
        public Text withErrors(CodingErrorAction errors) {
            return new Text(charset, errors, newline);
        }

        /**
         * Returns a copy of this mode with another newline handling.
         *
         * @param newline the newline handling, not {@code null}
         * @return a new text mode
         */
        public Text withNewline(Newline newline) {
            return new Text(charset, errors, newline);
        }

        @Override
        public Class<String> elementType() {
            return String.class;
        }
    }
}
