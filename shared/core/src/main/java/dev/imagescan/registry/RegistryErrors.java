package dev.imagescan.registry;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** What a registry said in an error body ({@code {"errors":[{"code":…,"message":…}]}}), as a short suffix. */
final class RegistryErrors {
    private static final int MAX_SHOWN = 200;

    private RegistryErrors() {}

    /** {@code ": CODE: message"} from the first error of {@code body}, or "" when it holds none. */
    static String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            Map<String, Object> json = JSON.std.mapFrom(body);
            if (json != null && json.get("errors") instanceof List<?> errors && !errors.isEmpty()
                    && errors.get(0) instanceof Map<?, ?> first) {
                Object code = first.get("code");
                Object message = first.get("message");
                String text = (code == null ? "" : code + ": ") + (message == null ? "" : message);
                text = text.replaceAll("[\\r\\n\\t]+", " ").trim();
                return text.isEmpty() ? "" : ": " + (text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…"
                        : text);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }
}
