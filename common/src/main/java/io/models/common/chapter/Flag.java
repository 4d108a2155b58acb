package io.models.common.chapter;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of a chapter's own flags (its model's, beside the {@code --host}, {@code --port} every server
 * takes): a whole number from {@link #min} to {@link #max}, or one of {@link #choices}. The command
 * line, the lab and the benchmark all read it from here.
 *
 * @param name      as typed: {@code --pool}
 * @param label     the value's name in the usage: {@code N}
 * @param what      what the value must be, for a message: {@code a pool size from 0 to 10000}
 * @param byDefault the value without the flag; {@code ""}: the chapter chooses at start
 * @param help      one line, in both languages
 */
public record Flag(String name, String label, String what, int min, int max, String byDefault, List<String> choices,
                   Text help) {

    public Flag {
        Objects.requireNonNull(name, "name");
        choices = List.copyOf(choices);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Flag number(String name, String label, String what, int min, int max, int byDefault, Text help) {
        return new Flag(name, label, what, min, max, Integer.toString(byDefault), List.of(), help);
    }

    /** One of {@code choices}; without the flag the chapter chooses ({@code byDefault} is ""). */
    public static Flag choice(String name, String label, String what, List<String> choices, Text help) {
        return new Flag(name, label, what, 0, 0, "", choices, help);
    }

    public boolean isChoice() {
        return !choices.isEmpty();
    }

    /**
     * The value as the chapter takes it; or an {@link IllegalArgumentException} whose message says in
     * one line what is allowed: {@code 'abc' is not a pool size from 0 to 10000}.
     */
    public String check(String value) {
        String v = value == null ? "" : value.trim();
        if (isChoice()) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (choices.contains(lower)) {
                return lower;
            }
            throw new IllegalArgumentException("'" + v + "' is not " + what);
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + v + "' is not " + what);
        }
        return Long.toString(n);
    }
}
