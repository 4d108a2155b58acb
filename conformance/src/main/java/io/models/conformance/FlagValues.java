package io.models.conformance;

import io.models.conformance.cases.Case;
import io.models.conformance.cases.Cases;
import io.models.conformance.cases.ModelVerdict;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The checker's flag values, read from the command line: each bad one is said in one line of the messages. */
final class FlagValues {

    private FlagValues() {
    }

    /**
     * The language {@code --lang} names in {@code args}, or the environment's: set before anything is
     * parsed, so that the usage help and a bad flag's line are in it too.
     */
    static void useLanguageOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith("--lang=") ? args[i].substring("--lang=".length())
                    : args[i].equals("--lang") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null) {
                try {
                    Messages.use(new Lang().convert(value));
                } catch (TypeConversionException e) {
                    // said when the flag is parsed
                }
            }
        }
    }

    /** A whole number within [min, max], or the message {@code key} (with the value) in one line. */
    private record Range(int min, int max, String key) {
        int read(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException(Messages.get(key, value, min, max));
        }
    }

    /** A flag whose value is a whole number in a {@link Range}. */
    private abstract static class InRange implements ITypeConverter<Integer> {
        private final Range range;

        InRange(int min, int max, String key) {
            range = new Range(min, max, key);
        }

        @Override
        public Integer convert(String value) {
            return range.read(value);
        }
    }

    static final class Port extends InRange {
        Port() {
            super(1, 65535, "main.bad-port");
        }
    }

    static final class Wait extends InRange {
        Wait() {
            super(1, 600, "main.bad-wait");
        }
    }

    static final class IdleTimeout extends InRange {
        IdleTimeout() {
            super(1, 86_400, "main.bad-idle-timeout");
        }
    }

    static final class Pid implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long p = Long.parseLong(value.trim());
                if (p > 0) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException(Messages.get("main.bad-pid", value));
        }
    }

    static final class CaseName implements ITypeConverter<Case> {
        @Override
        public Case convert(String value) {
            Case c = Cases.named(value.trim());
            if (c == null) {
                throw new TypeConversionException(Messages.get("main.bad-case", value, String.join(", ", Cases.names())));
            }
            return c;
        }
    }

    static final class ModelName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String m = value.trim().toLowerCase(Locale.ROOT);
            if (!ModelVerdict.MODELS.contains(m)) {
                throw new TypeConversionException(Messages.get("main.bad-model", value,
                        String.join(", ", ModelVerdict.MODELS)));
            }
            return m;
        }
    }

    static final class Lang implements ITypeConverter<Locale> {
        @Override
        public Locale convert(String value) {
            String l = value.trim().toLowerCase(Locale.ROOT);
            if (l.startsWith("zh")) {
                return Locale.CHINESE;
            }
            if (l.startsWith("en")) {
                return Locale.ENGLISH;
            }
            throw new TypeConversionException(Messages.get("main.bad-lang", value));
        }
    }
}
