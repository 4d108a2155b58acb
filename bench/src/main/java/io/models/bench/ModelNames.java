package io.models.bench;

import io.models.bench.server.CReference;
import io.models.bench.server.Catalog;
import io.models.bench.server.Repository;
import java.util.Iterator;
import java.util.List;

/** The chapters {@code --models} can name, for its help: read from the repository's descriptors when the help is shown. */
final class ModelNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> modules;
        try {
            modules = Catalog.builtIn(Repository.find()).modules().stream().filter(m -> !m.equals(CReference.MODULE)).toList();
        } catch (IllegalStateException e) {
            modules = List.of();
        }
        return (modules.isEmpty() ? List.of("the repository's chapters") : modules).iterator();
    }
}
