package dev.asynctemp;

/**
 * How a text-mode file recognises line endings when reading and translates {@code "\n"} when
 * writing; the counterpart of the {@code newline} argument of Python's {@code open()}.
 *
 * <table>
 *   <caption>Behaviour of each constant</caption>
 *   <tr><th>constant</th><th>Python</th><th>a line ends at</th><th>read translates</th><th>write translates {@code "\n"} to</th></tr>
 *   <tr><td>{@link #UNIVERSAL}</td><td>{@code None}</td><td>{@code \n}, {@code \r}, {@code \r\n}</td><td>each to {@code \n}</td><td>{@link System#lineSeparator()}</td></tr>
 *   <tr><td>{@link #UNTRANSLATED}</td><td>{@code ''}</td><td>{@code \n}, {@code \r}, {@code \r\n}</td><td>nothing</td><td>nothing</td></tr>
 *   <tr><td>{@link #LF}</td><td>{@code '\n'}</td><td>{@code \n}</td><td>nothing</td><td>nothing</td></tr>
 *   <tr><td>{@link #CR}</td><td>{@code '\r'}</td><td>{@code \r}</td><td>nothing</td><td>{@code \r}</td></tr>
 *   <tr><td>{@link #CRLF}</td><td>{@code '\r\n'}</td><td>{@code \r\n}</td><td>nothing</td><td>{@code \r\n}</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public enum Newline {
    /** Python's {@code newline=None}: recognise every ending, read it as {@code \n}; write the platform's. */
    UNIVERSAL,
    /** Python's {@code newline=''}: recognise every ending, translate nothing. */
    UNTRANSLATED,
    /** Python's {@code newline='\n'}: lines end at {@code \n} only; nothing is translated. */
    LF,
    /** Python's {@code newline='\r'}: lines end at {@code \r} only; {@code \n} is written as {@code \r}. */
    CR,
    /** Python's {@code newline='\r\n'}: lines end at {@code \r\n} only; {@code \n} is written as {@code \r\n}. */
    CRLF
}
