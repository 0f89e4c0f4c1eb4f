package io.benchsuite.report;

/** HTML and inline-script escaping. Every string that comes from a result goes through {@link #esc(String)}. */
final class Html {

    private Html() {
    }

    /** Escapes {@code text} for element content and quoted attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Makes JSON safe to place inside {@code <script>}: no {@code </script>}, no {@code <!--}, and no line
     * separators that older parsers reject. JSON strings stay equal once parsed ({@code \/} and {@code \u003c}
     * are valid escapes).
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
