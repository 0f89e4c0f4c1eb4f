/**
 * Where saved runs are read from (files, MongoDB) for {@code bench analyze} and {@code bench report}.
 *
 * <p><b>Status: Internal</b>: public only for other BenchSuite modules; may change in any release.
 */
package io.benchsuite.result.source;
