package dev.veloflink.functions.scalar;

import static dev.veloflink.functions.scalar.Impls.strict;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.text.TextForms;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** String functions of SPEC §15; lengths and positions count code points. */
public final class StringFunctions {
    private StringFunctions() {
    }

    static void register(FunctionRegistry r) {
        r.scalar("UPPER", "UPPER(s) -> STRING", a -> unaryString(a, (v, c) ->
                ((String) v[0]).toUpperCase(Locale.ROOT)), "UCASE");
        r.scalar("LOWER", "LOWER(s) -> STRING", a -> unaryString(a, (v, c) ->
                ((String) v[0]).toLowerCase(Locale.ROOT)), "LCASE");
        r.scalar("TRIM", "TRIM(s) -> STRING", a -> unaryString(a, (v, c) -> ((String) v[0]).strip()));
        r.scalar("LTRIM", "LTRIM(s) -> STRING", a -> unaryString(a, (v, c) -> ((String) v[0]).stripLeading()));
        r.scalar("RTRIM", "RTRIM(s) -> STRING", a -> unaryString(a, (v, c) -> ((String) v[0]).stripTrailing()));
        r.scalar("LENGTH", "LENGTH(s) -> INTEGER (code points)", a -> {
            a.count(1).string(0);
            return new BoundScalar(Types.INTEGER, strict((v, c) -> {
                String s = (String) v[0];
                return s.codePointCount(0, s.length());
            }));
        }, "LEN", "CHAR_LENGTH");
        r.scalar("LEFT", "LEFT(s, n) -> STRING", a -> {
            a.count(2).string(0).integral(1);
            return new BoundScalar(Types.STRING, strict((v, c) -> left((String) v[0], ((Number) v[1]).longValue())));
        });
        r.scalar("RIGHT", "RIGHT(s, n) -> STRING", a -> {
            a.count(2).string(0).integral(1);
            return new BoundScalar(Types.STRING, strict((v, c) -> right((String) v[0], ((Number) v[1]).longValue())));
        });
        r.scalar("SUBSTRING", "SUBSTRING(s, start [, len]) -> STRING", a -> {
            a.count(2, 3).string(0).integral(1);
            if (a.size() == 3) {
                a.integral(2);
                return new BoundScalar(Types.STRING, strict((v, c) -> substring((String) v[0],
                        ((Number) v[1]).longValue(), ((Number) v[2]).longValue())));
            }
            return new BoundScalar(Types.STRING, strict((v, c) -> substring((String) v[0],
                    ((Number) v[1]).longValue(), Long.MAX_VALUE / 4)));
        }, "SUBSTR");
        r.scalar("REPLACE", "REPLACE(s, from, to) -> STRING", a -> {
            a.count(3).string(0).string(1).string(2);
            return new BoundScalar(Types.STRING, strict((v, c) -> {
                String from = (String) v[1];
                return from.isEmpty() ? v[0] : ((String) v[0]).replace(from, (String) v[2]);
            }));
        });
        r.scalar("CONCAT", "CONCAT(a, ...) -> STRING (NULL counts as '')", StringFunctions::concat);
        r.scalar("POSITION", "POSITION(sub, s) -> INTEGER (1-based, 0 when absent)", a -> {
            a.count(2).string(0).string(1);
            return new BoundScalar(Types.INTEGER, strict((v, c) -> position((String) v[0], (String) v[1])));
        });
        r.scalar("SPLIT_PART", "SPLIT_PART(s, delim, n) -> STRING", a -> {
            a.count(3).string(0).string(1).integral(2);
            return new BoundScalar(Types.STRING, strict((v, c) ->
                    splitPart((String) v[0], (String) v[1], ((Number) v[2]).longValue())));
        });
        r.scalar("REGEXP", "REGEXP(s, pattern) -> BOOLEAN", a -> {
            a.count(2).string(0).string(1);
            PatternSource p = PatternSource.of(a, 1);
            return new BoundScalar(Types.BOOLEAN, strict((v, c) -> p.get((String) v[1]).matcher((String) v[0]).find()));
        }, "REGEXP_LIKE");
        r.scalar("REGEXP_REPLACE", "REGEXP_REPLACE(s, pattern, repl) -> STRING", a -> {
            a.count(3).string(0).string(1).string(2);
            PatternSource p = PatternSource.of(a, 1);
            return new BoundScalar(Types.STRING, strict((v, c) -> {
                Matcher m = p.get((String) v[1]).matcher((String) v[0]);
                try {
                    return m.replaceAll((String) v[2]);
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw new RowErrorException("eval_error", "REGEXP_REPLACE: " + e.getMessage());
                }
            }));
        });
    }

    private static BoundScalar unaryString(Args a, ScalarImpl impl) {
        a.count(1).string(0);
        return new BoundScalar(Types.STRING, strict(impl));
    }

    private static BoundScalar concat(Args a) {
        a.count(1, Integer.MAX_VALUE);
        VeloType[] types = a.types.toArray(new VeloType[0]);
        return new BoundScalar(Types.STRING, (v, c) -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != null) {
                    out.append(v[i] instanceof String s ? s : TextForms.format(v[i], types[i]));
                }
            }
            return out.toString();
        });
    }

    static String left(String s, long n) {
        if (n <= 0) {
            return "";
        }
        int count = s.codePointCount(0, s.length());
        return n >= count ? s : s.substring(0, s.offsetByCodePoints(0, (int) n));
    }

    static String right(String s, long n) {
        if (n <= 0) {
            return "";
        }
        int count = s.codePointCount(0, s.length());
        return n >= count ? s : s.substring(s.offsetByCodePoints(0, (int) (count - n)));
    }

    /** Code points at 1-based positions start .. start+len-1 that exist. */
    public static String substring(String s, long start, long len) {
        if (len < 0) {
            throw new RowErrorException("eval_error", "SUBSTRING length " + len + " is negative");
        }
        int count = s.codePointCount(0, s.length());
        long from = Math.max(start, 1);
        long to = Math.min(start + len - 1, count);
        if (from > to) {
            return "";
        }
        int begin = s.offsetByCodePoints(0, (int) from - 1);
        int end = s.offsetByCodePoints(begin, (int) (to - from + 1));
        return s.substring(begin, end);
    }

    public static int position(String sub, String s) {
        int i = s.indexOf(sub);
        return i < 0 ? 0 : s.codePointCount(0, i) + 1;
    }

    static String splitPart(String s, String delim, long n) {
        if (n < 1) {
            return "";
        }
        if (delim.isEmpty()) {
            return n == 1 ? s : "";
        }
        int start = 0;
        for (long part = 1; ; part++) {
            int end = s.indexOf(delim, start);
            if (part == n) {
                return end < 0 ? s.substring(start) : s.substring(start, end);
            }
            if (end < 0) {
                return "";
            }
            start = end + delim.length();
        }
    }

    /** A regex from a literal (compiled once, bad syntax is E301) or from a column (compiled when it changes). */
    static final class PatternSource implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Pattern literal;
        private transient String lastText;
        private transient Pattern last;

        private PatternSource(Pattern literal) {
            this.literal = literal;
        }

        static PatternSource of(Args a, int index) {
            Object lit = a.literal(index);
            if (lit instanceof String text) {
                try {
                    return new PatternSource(Pattern.compile(text));
                } catch (PatternSyntaxException e) {
                    throw new BindingException("invalid regular expression '" + text + "': "
                            + e.getDescription(), "a Java regular expression");
                }
            }
            return new PatternSource(null);
        }

        Pattern get(String text) {
            if (literal != null) {
                return literal;
            }
            if (!text.equals(lastText)) {
                try {
                    last = Pattern.compile(text);
                } catch (PatternSyntaxException e) {
                    throw new RowErrorException("eval_error", "invalid regular expression '" + text + "'");
                }
                lastText = text;
            }
            return last;
        }
    }
}
