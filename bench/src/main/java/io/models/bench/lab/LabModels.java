package io.models.bench.lab;

import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Repository;
import io.models.bench.server.Subject;
import io.models.common.chapter.Chapter;
import io.models.common.chapter.Flag;
import io.models.common.chapter.Text;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The models the lab offers: every chapter the catalog has, with what its descriptor says (the
 * note's section, what the model does, its flags), then the C reference. A flag's value is checked
 * here, so a bad one is a message on the page, never a server that fails to start.
 */
public final class LabModels {

    /** How the chapters are built, as {@link Repository} says it. */
    private static final String BUILD = "./mvnw -q package -DskipTests";

    /**
     * A model: its module, the note's section, what it does, its flags; its chapter (null for the
     * C reference, and for a chapter that is not built, known by name only).
     */
    public record Model(String module, String section, Text about, List<Flag> flags, Chapter chapter) {
    }

    private final List<Model> offered = new ArrayList<>();
    private final Map<String, Text> missing = new LinkedHashMap<>();
    private final Catalog catalog;

    /**
     * The catalog's chapters and the C reference, and why any cannot run here: a chapter whose jar is
     * not built, the C reference without gcc ({@code c.binary} null).
     */
    public LabModels(Catalog catalog, Path root, CReference c) {
        this.catalog = catalog;
        for (String module : catalog.modules()) {
            Chapter ch = catalog.chapter(module);
            if (ch != null) {
                offered.add(new Model(module, ch.section(), ch.about(), ch.flags(), ch));
            } else if (module.equals(CReference.MODULE)) {
                offered.add(new Model(module, CReference.SECTION, CReference.ABOUT, List.of(), null));
                if (c.binary == null) {
                    missing.put(module, new Text(c.note, noCompiler(c.note)));
                }
            } else {
                offered.add(new Model(module, "", new Text("", ""), List.of(), null));
                missing.put(module, new Text(Repository.notBuilt(root, module), "还没有构建：先运行 " + BUILD));
            }
        }
    }

    public List<Model> offered() {
        return offered;
    }

    /** Why a model cannot run here, or null if it can. */
    public String missing(String module) {
        Text why = missing.get(module);
        return why == null ? null : why.en();
    }

    /**
     * Why there is no C reference, in Chinese: gcc's own words are in the English, and in the line
     * the lab prints as it starts.
     */
    private static String noCompiler(String why) {
        if (why.startsWith("gcc is not installed")) {
            return "没有安装 gcc，不提供 C 参考实现";
        }
        if (why.startsWith("gcc could not build")) {
            return "gcc 没能编译 C 参考实现，原因见实验台启动时打印的那一行";
        }
        return "这台机器上没有构建 C 参考实现";
    }

    /**
     * The server a request asks for: {@code model} as the bench's {@code --models} takes it ("06",
     * "06-selectors", "c"), with its flags; a value equal to the flag's default is not passed.
     */
    Subject subject(String model, Map<String, Object> args) {
        String module;
        try {
            module = catalog.module(model);
        } catch (IllegalArgumentException e) {
            String all = String.join(", ", offered.stream().map(Model::module).toList());
            throw LabError.bad(e.getMessage(), "'" + model + "' " + (e.getMessage().contains("more than one") ? "对应不止一个模型"
                    : "不是实验台的模型") + "；可选：" + all + "（也可以只写编号，如 06，或写 c）");
        }
        Model m = offered.stream().filter(x -> x.module().equals(module)).findFirst()
                .orElseThrow(() -> LabError.bad("'" + model + "' is not a model of the lab", "'" + model + "' 不是实验台的模型"));
        if (missing.containsKey(module)) {
            Text why = missing.get(module);
            throw LabError.bad(module + " cannot run here: " + why.en(), module + " 不能在这里运行：" + why.zh());
        }
        List<String> flags = new ArrayList<>();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String names = String.join(", ", m.flags().stream().map(Flag::name).toList());
            Flag f = m.flags().stream().filter(x -> x.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> LabError.bad(module + " has no flag " + e.getKey() + "; its flags: "
                            + (m.flags().isEmpty() ? "none" : names), module + " 没有参数 " + e.getKey() + "；"
                            + (m.flags().isEmpty() ? "它没有任何参数" : "它的参数：" + names)));
            String v = check(f, e.getValue());
            if (!v.equals(f.byDefault())) {
                flags.add(f.name());
                flags.add(v);
            }
        }
        return m.chapter() == null ? CReference.SUBJECT : Subject.of(m.chapter(), flags);
    }

    /** The value as the chapter takes it, or a {@link LabError} (400) saying what is allowed. */
    static String check(Flag f, Object value) {
        String v = value == null ? "" : value.toString().trim();
        if (f.isChoice()) {
            if (v.isEmpty() || f.choices().contains(v.toLowerCase(Locale.ROOT))) {
                return v.toLowerCase(Locale.ROOT);
            }
            String all = String.join(", ", f.choices());
            throw LabError.bad(f.name() + " is one of " + all + ", not '" + v + "'", f.name() + " 只能是 " + all + " 之一，不能是 '" + v + "'");
        }
        long n;
        try {
            n = value instanceof Number num && num.doubleValue() == num.longValue() ? num.longValue() : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw LabError.bad(f.name() + " is a whole number from " + f.min() + " to " + f.max() + ", not '" + v + "'",
                    f.name() + " 应当是 " + f.min() + " 到 " + f.max() + " 之间的整数，不能是 '" + v + "'");
        }
        if (n < f.min() || n > f.max()) {
            throw LabError.bad(f.name() + " is from " + f.min() + " to " + f.max() + ", not " + n,
                    f.name() + " 应当在 " + f.min() + " 到 " + f.max() + " 之间，不能是 " + n);
        }
        return Long.toString(n);
    }

    /** {@code /api/models}: the models, their flags and texts, and whether each can run here. */
    List<Map<String, Object>> json() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Model m : offered) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("module", m.module());
            j.put("section", m.section());
            j.put("sectionText", text(LabGuide.section(m.section())));
            j.put("about", text(m.about()));
            j.put("available", !missing.containsKey(m.module()));
            if (missing.containsKey(m.module())) {
                j.put("missing", missing.get(m.module()).en());
                j.put("missingText", text(missing.get(m.module())));
            }
            j.put("flags", m.flags().stream().map(LabModels::json).toList());
            list.add(j);
        }
        return list;
    }

    private static Map<String, Object> json(Flag f) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", f.name());
        if (f.isChoice()) {
            j.put("choices", f.choices());
            j.put("default", f.byDefault());
        } else {
            j.put("min", f.min());
            j.put("max", f.max());
            j.put("default", f.byDefault().matches("-?\\d+") ? (Object) Integer.parseInt(f.byDefault()) : f.byDefault());
        }
        j.put("help", text(f.help()));
        return j;
    }

    static Map<String, Object> text(Text t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("en", t.en());
        j.put("zh", t.zh());
        return j;
    }
}
