package io.benchsuite.junit;

/**
 * Where one request of a method-as-request {@link LoadTest} stands in the run: a parameter resolved per request.
 *
 * <pre>{@code
 * @LoadTest(maxLoad = 20)
 * void search(RequestContext request) {
 *     client.search("q" + request.sequence() % 100);
 * }
 * }</pre>
 *
 * @param sequence the request's number in the run, from 0 (also the dataset index before cycling)
 * @param workers  the worker level when the request started: the bucket it is counted in (open model: the number
 *                 of the rate level the request was due at, from 1)
 */
public record RequestContext(long sequence, int workers) {
}
