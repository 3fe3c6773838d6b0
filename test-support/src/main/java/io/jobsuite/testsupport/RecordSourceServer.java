package io.jobsuite.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A client data source over real HTTP: {@code GET /clients/{id}/records} answers a JSON
 * array of {@code records} objects with ids {@code r1..rN}, in one page or several. It
 * counts requests per client, so a test can tell how often a sync really ran, and can be
 * told to fail for a client. It counts the requests it serves at once (the most it saw,
 * too) and can be told to throttle: answer 429 with a Retry-After to the requests beyond
 * a number at once.
 */
public final class RecordSourceServer implements AutoCloseable {

	private final HttpServer server;

	private final int records;

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final Set<String> failing = ConcurrentHashMap.newKeySet();

	private final Duration latency;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicInteger throttled = new AtomicInteger();

	private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

	private volatile Throttle throttle;

	private final int pageSize;

	private RecordSourceServer(int records, Duration latency, int pageSize) throws IOException {
		this.records = records;
		this.latency = latency;
		this.pageSize = pageSize;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newFixedThreadPool(64));
		this.server.createContext("/clients/", this::serve);
		this.server.start();
	}

	public static RecordSourceServer start(int recordsPerClient) {
		return start(recordsPerClient, Duration.ZERO);
	}

	/** A source that takes {@code latency} to answer, like a remote system of record. */
	public static RecordSourceServer start(int recordsPerClient, Duration latency) {
		return start(recordsPerClient, latency, Math.max(1, recordsPerClient));
	}

	/**
	 * A source that answers {@code pageSize} records a page ({@code ?page=n}, from 1),
	 * each page after {@code latency}, with a {@code Link: <…>; rel="next"} header while
	 * more follow. Requests count pages.
	 */
	public static RecordSourceServer start(int recordsPerClient, Duration latency, int pageSize) {
		try {
			return new RecordSourceServer(recordsPerClient, latency, pageSize);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The source URL of a client. */
	public String urlOf(long clientId) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/clients/" + clientId + "/records";
	}

	public int requestsFor(long clientId) {
		AtomicInteger count = requests.get(Long.toString(clientId));
		return count == null ? 0 : count.get();
	}

	public int totalRequests() {
		return requests.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/** The most requests any one client's records got. */
	public int maxRequestsPerClient() {
		return requests.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
	}

	public void failFor(long clientId) {
		failing.add(Long.toString(clientId));
	}

	/**
	 * Answers 429 with {@code Retry-After} (whole seconds) to every request that arrives
	 * while {@code concurrent} others are being served; 0 throttles every request.
	 */
	public void throttleAbove(int concurrent, Duration retryAfter) {
		throttle = new Throttle(concurrent, retryAfter);
	}

	/** Stops throttling. */
	public void recover() {
		throttle = null;
	}

	/** The most requests it was serving at once (throttled ones included). */
	public int maxConcurrent() {
		return maxInFlight.get();
	}

	/** Requests answered 429. */
	public int throttled() {
		return throttled.get();
	}

	/** When each request arrived ({@link System#nanoTime()}), in order. */
	public List<Long> arrivals() {
		return List.copyOf(arrivals);
	}

	private void serve(HttpExchange exchange) throws IOException {
		arrivals.add(System.nanoTime());
		int serving = inFlight.incrementAndGet();
		maxInFlight.accumulateAndGet(serving, Math::max);
		try {
			Throttle now = throttle;
			if (now != null && serving > now.concurrent()) {
				throttled.incrementAndGet();
				exchange.getResponseHeaders().add("Retry-After", Long.toString(now.retryAfter().toSeconds()));
				respond(exchange, 429, "{\"error\":\"too many requests\"}");
				return;
			}
			answer(exchange);
		}
		finally {
			inFlight.decrementAndGet();
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		String[] parts = exchange.getRequestURI().getPath().split("/");
		String clientId = parts.length > 2 ? parts[2] : "";
		requests.computeIfAbsent(clientId, id -> new AtomicInteger()).incrementAndGet();
		if (!latency.isZero()) {
			try {
				Thread.sleep(latency.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (failing.contains(clientId)) {
			respond(exchange, 503, "{\"error\":\"source unavailable\"}");
			return;
		}
		String query = exchange.getRequestURI().getQuery();
		int page = query != null && query.startsWith("page=") ? Integer.parseInt(query.substring(5)) : 1;
		int last = Math.min(records, page * pageSize);
		if (last < records) {
			exchange.getResponseHeaders()
				.add("Link", "<" + exchange.getRequestURI().getPath() + "?page=" + (page + 1) + ">; rel=\"next\"");
		}
		StringBuilder body = new StringBuilder("[");
		for (int i = (page - 1) * pageSize + 1; i <= last; i++) {
			body.append(body.length() > 1 ? "," : "")
				.append("{\"id\":\"r")
				.append(i)
				.append("\",\"client\":")
				.append(clientId.isEmpty() ? "null" : "\"" + clientId + "\"")
				.append(",\"value\":")
				.append(i * 10)
				.append('}');
		}
		respond(exchange, 200, body.append(']').toString());
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private record Throttle(int concurrent, Duration retryAfter) {
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
