package io.models.conformance;

import java.text.Format;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Everything the checker says to a person, in English or in Chinese: case descriptions, failure
 * messages, hints, the model's verdict, the score. The texts live in
 * {@code messages.properties} and {@code messages_zh.properties} (UTF-8), one key each, the
 * parameters in {@link MessageFormat}'s {@code {0}} form; a test checks both languages have every
 * key with the same parameters. The language is {@code --lang}, else the locale's ({@code LANG=zh_CN.UTF-8}).
 */
public final class Messages {

    private static final String BUNDLE = "io.models.conformance.messages";
    private static volatile Locale language = fromEnvironment();

    private Messages() {
    }

    /** {@code zh} if {@code LC_ALL}, {@code LC_MESSAGES} or {@code LANG} (the first set) starts with zh; else English. */
    static Locale fromEnvironment() {
        for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = System.getenv(name);
            if (v != null && !v.isEmpty()) {
                return v.startsWith("zh") ? Locale.CHINESE : Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    /** The language every message is said in from now on: {@code en} or {@code zh}. */
    public static void use(Locale locale) {
        language = locale.getLanguage().equals("zh") ? Locale.CHINESE : Locale.ENGLISH;
    }

    public static Locale language() {
        return language;
    }

    /** Every message in the current language: what picocli reads the usage help from ({@code help.*}, {@code usage.*}). */
    public static ResourceBundle bundle() {
        return ResourceBundle.getBundle(BUNDLE, language, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /**
     * The text of {@code key} in the current language, with {@code args} in its {@code {0}}, {@code {1}}...
     * A number in a plain {@code {0}} is written as it is, without grouping (16777216 bytes, port 8080);
     * {@code {0,number,...}} formats it as the pattern says.
     */
    public static String get(String key, Object... args) {
        return in(language, key, args);
    }

    /** The text of {@code key} in {@code locale}'s language, whatever the current one: for pages written in both. */
    public static String in(Locale locale, String key, Object... args) {
        Locale l = locale.getLanguage().equals("zh") ? Locale.CHINESE : Locale.ENGLISH;
        String pattern = ResourceBundle.getBundle(BUNDLE, l, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
        MessageFormat format = new MessageFormat(pattern, l);
        Format[] formats = format.getFormatsByArgumentIndex();
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] instanceof Number && (i >= formats.length || formats[i] == null)) {
                shown[i] = String.valueOf(shown[i]);
            }
        }
        return format.format(shown);
    }
}
