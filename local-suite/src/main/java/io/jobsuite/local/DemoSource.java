package io.jobsuite.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A demo client data source: {@code GET /clients/{id}/invoices} answers that client's
 * invoices as a JSON array, a few more with every minute, as a real system of record
 * would grow.
 */
final class DemoSource implements AutoCloseable {

	private final HttpServer server;

	private DemoSource(HttpServer server) {
		this.server = server;
	}

	static DemoSource start(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/clients/", DemoSource::invoices);
		server.start();
		return new DemoSource(server);
	}

	String urlOf(long clientId) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/clients/" + clientId + "/invoices";
	}

	private static void invoices(HttpExchange exchange) throws IOException {
		String[] path = exchange.getRequestURI().getPath().split("/");
		long client = path.length > 2 && path[2].matches("\\d{1,9}") ? Long.parseLong(path[2]) : 0;
		long count = 5 + client * 3 + System.currentTimeMillis() / 60_000 % 10;
		StringJoiner invoices = new StringJoiner(",", "[", "]");
		for (long n = 1; n <= count; n++) {
			invoices.add("{\"id\":\"INV-%d-%04d\",\"amountCents\":%d,\"currency\":\"EUR\",\"status\":\"%s\"}"
				.formatted(client, n, (n * 7919 + client * 104_729) % 100_000, n % 4 == 0 ? "open" : "paid"));
		}
		byte[] body = invoices.toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
