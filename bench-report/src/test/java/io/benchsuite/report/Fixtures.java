package io.benchsuite.report;

import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The checked-in results (see {@link FixtureGenerator}). */
final class Fixtures {

    private Fixtures() {
    }

    static RunResult systemApi() {
        return load("system-api-result.json");
    }

    static RunResult llm() {
        return load("llm-result.json");
    }

    static RunResult open() {
        return load("open-result.json");
    }

    static String json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + name + " missing from src/test/resources/fixtures");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RunResult load(String name) {
        return ResultJson.fromJson(json(name));
    }
}
