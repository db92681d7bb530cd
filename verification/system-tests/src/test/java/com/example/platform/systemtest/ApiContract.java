package com.example.platform.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.example.platform.local.Exchange;
import com.example.platform.local.LocalPlatform;

/**
 * Checks every request a system test sends and every answer it gets against the committed
 * OpenAPI documents ({@code docs/api/}), with Atlassian's validator, which shares nothing
 * with springdoc that wrote them. Exchanges are recorded as they happen and checked when
 * {@link #violations()} is asked, so a test runs at its usual pace and to its end.
 * <p>
 * An answer is always checked: status, headers and body must be what the document says. A
 * request only when it was accepted (2xx): the tests send invalid requests on purpose,
 * and those must be refused, which their 4xx already shows.
 */
final class ApiContract implements Consumer<Exchange> {

	private static final String ADMIN_PREFIX = "/api/admin/";

	// Served but deliberately outside the documents: the signing keys (a JWKS, RFC 7517),
	// the documents themselves, the actuator on the management ports, which nothing
	// routes, and the drills' fault injection, which exists only on an instance started
	// with the faults profile and is called there directly (docs/resilience.md).
	private static final List<String> UNDOCUMENTED = List.of("/v3/api-docs", "/swagger-ui/", "/webjars/", "/actuator",
			"/api/admin/faults");

	private final Map<String, OpenApiInteractionValidator> validators;

	private final IntFunction<String> serviceAtPort;

	private final int gatewayPort;

	private final Queue<Recorded> unchecked = new ConcurrentLinkedQueue<>();

	private final List<String> violations = new ArrayList<>();

	ApiContract(Map<String, String> documents, int gatewayPort, IntFunction<String> serviceAtPort) {
		this.validators = new LinkedHashMap<>();
		documents.forEach((service, document) -> this.validators.put(service,
				OpenApiInteractionValidator.createForInlineApiSpecification(document).build()));
		this.gatewayPort = gatewayPort;
		this.serviceAtPort = serviceAtPort;
	}

	/**
	 * The committed documents, checked against a running platform's traffic.
	 * @param platform the platform whose instances the tests may call directly
	 * @return the contract
	 */
	static ApiContract of(LocalPlatform platform) {
		return new ApiContract(committedDocuments(), platform.gatewayUri().getPort(),
				(port) -> platform.instanceNames()
					.stream()
					.filter((instance) -> platform.portOf(instance) == port)
					.findFirst()
					.map((instance) -> instance.replaceFirst("-\\d+$", ""))
					.orElse(null));
	}

	/**
	 * The documents committed under {@code docs/api/}, by service.
	 * @return each service's document
	 */
	static Map<String, String> committedDocuments() {
		Map<String, String> documents = new LinkedHashMap<>();
		for (String service : List.of("user-service", "order-service")) {
			documents.put(service, read(repositoryRoot().resolve("docs/api/" + service + ".json")));
		}
		return documents;
	}

	// Only recorded here: checked later, so the checks cost the tests no time between
	// requests (rate limits and timing depend on it).
	@Override
	public void accept(Exchange exchange) {
		// Which service an instance's port belongs to is asked now: the platform may be
		// stopped by the time the exchange is checked.
		boolean direct = exchange.uri().getPort() != this.gatewayPort;
		String instanceOf = direct ? this.serviceAtPort.apply(exchange.uri().getPort()) : null;
		// Neither the gateway nor a service instance (Zipkin's API, Eureka, Prometheus):
		// no API document describes it.
		if (direct && instanceOf == null) {
			return;
		}
		this.unchecked.add(new Recorded(exchange, instanceOf));
	}

	/**
	 * What did not match the documents so far.
	 * @return one line per violation, naming the request
	 */
	synchronized List<String> violations() {
		for (Recorded recorded = this.unchecked.poll(); recorded != null; recorded = this.unchecked.poll()) {
			check(recorded.exchange(), recorded.instanceOf());
		}
		return List.copyOf(this.violations);
	}

	private void check(Exchange exchange, String instanceOf) {
		String path = exchange.uri().getRawPath();
		// CORS preflights are the gateway's protocol, not operations of the API.
		if (UNDOCUMENTED.stream().anyMatch(path::startsWith) || exchange.method().equals("OPTIONS")) {
			return;
		}
		// The documents describe the gateway's paths; an instance serves its admin API
		// without the service prefix.
		String service = serviceOf(path);
		if (exchange.uri().getPort() != this.gatewayPort && path.startsWith(ADMIN_PREFIX)) {
			service = instanceOf;
			path = ADMIN_PREFIX + service + "/" + path.substring(ADMIN_PREFIX.length());
		}
		OpenApiInteractionValidator validator = (service != null) ? this.validators.get(service) : null;
		int status = exchange.response().status();
		if (validator == null) {
			if (status < 400) {
				this.violations.add(describe(exchange) + ": answered " + status + " on a path no document has");
			}
			return;
		}
		ValidationReport report = validator.validate(request(exchange, path), response(exchange));
		boolean accepted = status >= 200 && status < 300;
		report.getMessages()
			.stream()
			.filter((message) -> message.getLevel() == ValidationReport.Level.ERROR)
			.filter((message) -> accepted || !message.getKey().startsWith("validation.request"))
			.filter((message) -> !isKnownGap(exchange, message))
			.forEach((message) -> this.violations
				.add(describe(exchange) + " -> " + status + ": [" + message.getKey() + "] " + message.getMessage()));
	}

	// Known and not yet fixed: Tomcat refuses a URL with an encoded ';' before any of the
	// application's code runs (neither the MVC handler nor Spring Security's firewall
	// sees it) and answers a 400 without the problem body the documents promise.
	// Narrowly that case only, so everything else stays checked.
	private static boolean isKnownGap(Exchange exchange, ValidationReport.Message message) {
		return exchange.response().status() == 400 && message.getKey().equals("validation.response.body.missing")
				&& exchange.uri().getRawPath().toUpperCase(Locale.ROOT).contains("%3B");
	}

	private static String serviceOf(String path) {
		if (path.startsWith("/api/users") || path.startsWith("/api/auth/") || path.startsWith("/.well-known/")
				|| path.startsWith(ADMIN_PREFIX + "user-service/")) {
			return "user-service";
		}
		if (path.startsWith("/api/orders") || path.startsWith("/api/products")
				|| path.startsWith(ADMIN_PREFIX + "order-service/")) {
			return "order-service";
		}
		return null;
	}

	private static Request request(Exchange exchange, String path) {
		SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), path);
		exchange.requestHeaders().forEach(request::withHeader);
		String query = exchange.uri().getRawQuery();
		if (query != null) {
			for (String parameter : query.split("&")) {
				String[] pair = parameter.split("=", 2);
				request.withQueryParam(decode(pair[0]), (pair.length > 1) ? decode(pair[1]) : "");
			}
		}
		if (exchange.requestBody() != null) {
			request.withBody(exchange.requestBody());
		}
		return request.build();
	}

	private static SimpleResponse response(Exchange exchange) {
		SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.response().status());
		exchange.response().headers().map().forEach(response::withHeader);
		String body = exchange.response().body();
		if (body != null && !body.isEmpty()) {
			response.withBody(body);
		}
		return response.build();
	}

	private static String describe(Exchange exchange) {
		return exchange.method() + " " + exchange.uri().getRawPath()
				+ ((exchange.uri().getRawQuery() != null) ? "?" + exchange.uri().getRawQuery() : "");
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static Path repositoryRoot() {
		Path root = Path.of("").toAbsolutePath();
		while (root != null && !Files.isDirectory(root.resolve("docs/api"))) {
			root = root.getParent();
		}
		if (root == null) {
			throw new IllegalStateException("No docs/api above " + Path.of("").toAbsolutePath());
		}
		return root;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Recorded(Exchange exchange, String instanceOf) {

	}

}
