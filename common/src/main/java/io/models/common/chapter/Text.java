package io.models.common.chapter;

import java.util.Objects;

/** A text in the two languages of this repository's pages: English, and Chinese as a Chinese page says it. */
public record Text(String en, String zh) {

    public Text {
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(zh, "zh");
    }
}
