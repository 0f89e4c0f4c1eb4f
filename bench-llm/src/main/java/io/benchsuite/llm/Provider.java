package io.benchsuite.llm;

import java.util.Locale;

/** The {@code provider} values of an {@code llm_api} config: wire protocol, default base URL and key variable. */
enum Provider {

    OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", true),
    TOGETHER("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY", true),
    ANTHROPIC("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY", true),
    OPENAI_COMPATIBLE("openai_compatible", null, "OPENAI_API_KEY", false);

    final String configName;
    /** Null when {@code base_url} is required. */
    final String defaultBaseUrl;
    final String keyVariable;
    final boolean keyRequired;

    Provider(String configName, String defaultBaseUrl, String keyVariable, boolean keyRequired) {
        this.configName = configName;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyVariable = keyVariable;
        this.keyRequired = keyRequired;
    }

    /** The provider named {@code name}, or null. */
    static Provider named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Provider p : values()) {
            if (p.configName.equals(n)) {
                return p;
            }
        }
        return null;
    }

    /** {@code openai, together, anthropic, openai_compatible} for messages. */
    static String names() {
        StringBuilder out = new StringBuilder();
        for (Provider p : values()) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(p.configName);
        }
        return out.toString();
    }
}
