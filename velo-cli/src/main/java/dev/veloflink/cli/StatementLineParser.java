package dev.veloflink.cli;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps reading lines until the statement ends with a {@code ;} outside quotes and comments (so Enter inside a
 * statement starts a new line); the shell's own words (help, quit, exit, clear) need none.
 */
final class StatementLineParser extends DefaultParser {
    static final Set<String> SHELL_WORDS = Set.of("help", "quit", "exit", "clear");

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
            throw new EOFError(-1, -1, "statement not ended", "; ");
        }
        return super.parse(line, cursor, context);
    }

    static boolean complete(String text) {
        String bare = text.strip().toLowerCase(Locale.ROOT);
        if (bare.isEmpty() || SHELL_WORDS.contains(bare.replace(";", "").strip())) {
            return true;
        }
        boolean inString = false;
        boolean inIdentifier = false;
        boolean ended = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                inString = c != '\'';
            } else if (inIdentifier) {
                inIdentifier = c != '"' && c != '`';
            } else if (c == '\'') {
                inString = true;
                ended = false;
            } else if (c == '"' || c == '`') {
                inIdentifier = true;
                ended = false;
            } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int newline = text.indexOf('\n', i);
                if (newline < 0) {
                    break;
                }
                i = newline;
            } else if (c == ';') {
                ended = true;
            } else if (!Character.isWhitespace(c)) {
                ended = false;
            }
        }
        return ended && !inString && !inIdentifier;
    }
}
