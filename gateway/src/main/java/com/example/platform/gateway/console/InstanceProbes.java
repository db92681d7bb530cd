package com.example.platform.gateway.console;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import com.example.platform.gateway.console.InstanceView.Probe;
import com.example.platform.tls.PlatformTls;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reads an instance's health and meters from its management port, straight to that
 * instance (never through the load balancer: the console must see each one).
 */
@Component
class InstanceProbes {

	/** Where Eureka clients publish their actuator port (Spring Cloud Netflix). */
	static final String MANAGEMENT_PORT = "management.port";

	private static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final WebClient http;

	private final ConsoleProperties properties;

	private final String scheme;

	// A plain client (not load-balanced, not observed: the polls would otherwise fill
	// the HTTP client metrics and traces). The time limit is the connection's own, so a
	// slow answer is given up by Netty rather than cancelled halfway through its body.
	// With mutual TLS on, every management port (the gateway's too) takes HTTPS and this
	// client's certificate.
	InstanceProbes(ConsoleProperties properties, ObjectProvider<PlatformTls> tls) {
		PlatformTls platformTls = tls.getIfAvailable();
		HttpClientSettings settings = PlatformTls.settingsOf(platformTls);
		this.scheme = (platformTls != null) ? "https" : "http";
		this.http = WebClient.builder()
			.clientConnector(ClientHttpConnectorBuilder.reactor()
				.withHttpClientCustomizer((client) -> client
					.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.scrapeTimeout().toMillis())
					.responseTimeout(properties.scrapeTimeout()))
				.build(settings))
			// A service's meters with latency histograms outgrow the default 256 KB.
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_PAGE_BYTES))
			.build();
		this.properties = properties;
	}

	Mono<Probe> probe(ServiceInstance instance) {
		Mono<String> health = this.http.get()
			.uri(management(this.scheme, instance, "/actuator/health"))
			.accept(MediaType.APPLICATION_JSON)
			// DOWN is answered 503 with the same body.
			.exchangeToMono((response) -> response.bodyToMono(JSON_OBJECT))
			.map((body) -> String.valueOf(body.getOrDefault("status", "UNKNOWN")))
			.timeout(this.properties.scrapeTimeout().multipliedBy(2));
		Mono<String> meters = this.http.get()
			.uri(management(this.scheme, instance, "/actuator/prometheus"))
			.accept(MediaType.TEXT_PLAIN)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(this.properties.scrapeTimeout().multipliedBy(2));
		return health.zipWith(meters)
			.map((both) -> new Probe(both.getT1(), Optional.of(PrometheusText.parse(both.getT2())), Optional.empty()))
			.onErrorResume((ex) -> health.map(
					(status) -> new Probe(status, Optional.empty(), Optional.of("meters unreadable: " + describe(ex)))))
			.onErrorResume((ex) -> Mono.just(new Probe(InstanceView.UNREACHABLE, Optional.empty(),
					Optional.of("management port did not answer: " + describe(ex)))));
	}

	/** The instance's management address, with the scheme this console reads it by. */
	URI managementOf(ServiceInstance instance) {
		return management(this.scheme, instance, "");
	}

	static URI management(String scheme, ServiceInstance instance, String path) {
		String port = instance.getMetadata().getOrDefault(MANAGEMENT_PORT, String.valueOf(instance.getPort()));
		return URI.create(scheme + "://" + instance.getHost() + ":" + port + path);
	}

	static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getSimpleName() + ": " + message : ex.getClass().getSimpleName();
	}

}
