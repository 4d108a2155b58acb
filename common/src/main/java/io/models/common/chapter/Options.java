package io.models.common.chapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values of a chapter's own flags for one server: what was given, checked, else each flag's default. */
public final class Options {

    private final Map<String, String> values;
    private final Map<String, String> given;

    private Options(Map<String, String> values, Map<String, String> given) {
        this.values = values;
        this.given = given;
    }

    /**
     * The options {@code args} give ({@code --pool 8 --host ...}: flags that are not the chapter's
     * are not looked at), each value checked against its {@link Flag}.
     *
     * @throws IllegalArgumentException a value out of range, in one line
     */
    public static Options of(List<Flag> flags, List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (Flag f : flags) {
            values.put(f.name(), f.byDefault());
        }
        for (int i = 0; i + 1 < args.size(); i++) {
            for (Flag f : flags) {
                if (f.name().equals(args.get(i))) {
                    String v = f.check(args.get(i + 1));
                    values.put(f.name(), v);
                    given.put(f.name(), v);
                }
            }
        }
        return new Options(values, given);
    }

    /** A number flag's value. */
    public int number(String flag) {
        return Integer.parseInt(value(flag));
    }

    /** A flag's value as text; "" for a choice not given (the chapter chooses). */
    public String value(String flag) {
        String v = values.get(flag);
        if (v == null) {
            throw new IllegalArgumentException("no flag " + flag + " here; the flags are " + values.keySet());
        }
        return v;
    }

    /** True if the flag was given. */
    public boolean given(String flag) {
        return given.containsKey(flag);
    }

    /** The flags given, as arguments again: {@code [--pool, 8]}. */
    public List<String> args() {
        List<String> args = new ArrayList<>();
        given.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args;
    }
}
