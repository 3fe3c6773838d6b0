package io.jobsuite.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admin's latency over HTTP, as ops see it: the overview page and the job search (the
 * page and the JSON API, unfiltered, by status, by error text), each requested one after
 * another by the local ops user, clock from request sent to the whole body received.
 */
final class AdminBench implements AutoCloseable {

	/** What ops open, by the name the table shows. */
	static final Map<String, String> PATHS = paths();

	/**
	 * Requests per path at least (as many as Sync Now requests otherwise), after as many
	 * again not counted: the first ones are cold.
	 */
	private static final int MIN_SAMPLES = 20;

	/**
	 * A path that answers slowly stops after this long (with at least
	 * {@link #MIN_REQUESTS}): a search that reads the whole history would take the whole
	 * run otherwise.
	 */
	private static final Duration BUDGET = Duration.ofSeconds(30);

	private static final int MIN_REQUESTS = 5;

	private static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString("ops:ops".getBytes(StandardCharsets.UTF_8));

	private final ConfigurableApplicationContext api;

	private final int requests;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	AdminBench(World world, BenchSettings settings) {
		this.api = Services.api(world.serviceArguments());
		this.requests = Math.max(MIN_SAMPLES, settings.syncNow());
	}

	private static Map<String, String> paths() {
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put("overview page", "/admin");
		paths.put("search page", "/admin/jobs");
		paths.put("search API", "/api/admin/jobs");
		paths.put("search API, status", "/api/admin/jobs?status=FAILED");
		// Text no job's error contains: the search reads as far as its bound lets it.
		paths.put("search API, error text", "/api/admin/jobs?error=no-such-error-text");
		return paths;
	}

	/** Milliseconds per request, by path name. */
	Map<String, List<Double>> measure() throws IOException, InterruptedException {
		Map<String, List<Double>> samples = new LinkedHashMap<>();
		for (Map.Entry<String, String> path : PATHS.entrySet()) {
			URI uri = URI
				.create("http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port") + path.getValue());
			requests(uri, requests);
			List<Double> millis = requests(uri, requests);
			Report.progress("Admin %s: %d requests, p50 %.1f ms, p99 %.1f ms", path.getKey(), millis.size(),
					Stats.percentile(millis, 50), Stats.percentile(millis, 99));
			samples.put(path.getKey(), millis);
		}
		return samples;
	}

	private List<Double> requests(URI uri, int count) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", AUTHORIZATION).GET().build();
		List<Double> millis = new ArrayList<>();
		long deadline = System.nanoTime() + BUDGET.toNanos();
		while (millis.size() < count && (millis.size() < MIN_REQUESTS || System.nanoTime() < deadline)) {
			long sent = System.nanoTime();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			millis.add((System.nanoTime() - sent) / 1e6);
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
			}
		}
		return millis;
	}

	@Override
	public void close() {
		api.close();
	}

}
