package io.jobsuite.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP trace receiver in the test's JVM: decodes each
 * {@code ExportTraceServiceRequest} the services post to {@code /v1/traces} and keeps its
 * spans, each with the {@code service.name} of the process that sent it.
 */
final class OtlpCollector implements AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();

	private final HttpServer server;

	private final List<Received> spans = new CopyOnWriteArrayList<>();

	private OtlpCollector(HttpServer server) {
		this.server = server;
	}

	static OtlpCollector start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		OtlpCollector collector = new OtlpCollector(server);
		server.createContext("/v1/traces", collector::export);
		server.start();
		return collector;
	}

	/** The URL to give the services as their OTLP traces endpoint. */
	String endpoint() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
	}

	List<Received> spans() {
		return List.copyOf(spans);
	}

	private void export(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			for (ResourceSpans resource : request.getResourceSpansList()) {
				String service = serviceName(resource.getResource());
				resource.getScopeSpansList()
					.forEach(scope -> scope.getSpansList().forEach(span -> spans.add(Received.of(service, span))));
			}
		}
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, -1);
		exchange.close();
	}

	private static String serviceName(Resource resource) {
		return resource.getAttributesList()
			.stream()
			.filter(attribute -> attribute.getKey().equals("service.name"))
			.map(attribute -> attribute.getValue().getStringValue())
			.findFirst()
			.orElse("?");
	}

	@Override
	public void close() {
		server.stop(0);
	}

	/** A span as exported, ids in hex (the parent's empty for a root). */
	record Received(String service, String traceId, String spanId, String parentSpanId, String name,
			Span.SpanKind kind) {

		static Received of(String service, Span span) {
			return new Received(service, HEX.formatHex(span.getTraceId().toByteArray()),
					HEX.formatHex(span.getSpanId().toByteArray()), HEX.formatHex(span.getParentSpanId().toByteArray()),
					span.getName(), span.getKind());
		}

	}

}
