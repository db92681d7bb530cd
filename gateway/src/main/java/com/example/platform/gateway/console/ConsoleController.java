package com.example.platform.gateway.console;

import java.net.URI;

import com.example.platform.tls.PlatformTls;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The administrator console's API, served by the gateway itself (not routed): under
 * {@code /api/admin/}, so only a token with the ADMIN role reaches it (401 without one,
 * 403 for another role, both problem+json from the security chain).
 * <ul>
 * <li>{@code GET topology}: the live topology;</li>
 * <li>{@code PUT/DELETE instances/{id}/faults}: an instance's injected faults, passed to
 * that instance's {@code /api/admin/faults} with the administrator's own token (only an
 * instance started with the {@code faults} profile has them);</li>
 * <li>{@code POST drills/{drill}?target=}: a drill on processes or infrastructure, passed
 * to the local launcher's control endpoint with the administrator's token, which the
 * launcher verifies again.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/console")
class ConsoleController {

	private final LiveTopology topology;

	private final ConsoleProperties properties;

	private final WebClient http;

	ConsoleController(LiveTopology topology, ConsoleProperties properties, ObjectProvider<PlatformTls> tls) {
		this.topology = topology;
		this.properties = properties;
		// Plain, never load-balanced: a drill names one instance or the launcher. With
		// mutual TLS on, the instances take only HTTPS with this client's certificate.
		this.http = WebClient.builder()
			.clientConnector(ClientHttpConnectorBuilder.reactor().build(PlatformTls.settingsOf(tls.getIfAvailable())))
			.build();
	}

	@GetMapping("/topology")
	Mono<TopologyView> topology() {
		return this.topology.take();
	}

	@PutMapping(path = "/instances/{id}/faults", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> injectFaults(@PathVariable String id, @RequestBody byte[] faults,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		return instance(id).flatMap((instance) -> relay(this.http.put()
			.uri(faultsOf(instance))
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(faults), id));
	}

	@DeleteMapping("/instances/{id}/faults")
	Mono<ResponseEntity<byte[]>> clearFaults(@PathVariable String id,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		return instance(id).flatMap((instance) -> relay(
				this.http.delete().uri(faultsOf(instance)).header(HttpHeaders.AUTHORIZATION, authorization), id));
	}

	@PostMapping("/drills/{drill}")
	Mono<ResponseEntity<byte[]>> runDrill(@PathVariable String drill, @RequestParam(required = false) String target,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		URI launcher = this.properties.launcher();
		if (launcher == null) {
			return Mono.error(new ConsoleProblem(HttpStatus.CONFLICT,
					"Drill '" + drill + "' is run by the local launcher, which this platform ("
							+ this.properties.environment()
							+ ") does not have: run the command the console shows for it instead"));
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(launcher).path("/drills/{drill}");
		if (target != null) {
			uri.queryParam("target", "{target}");
		}
		URI drillUri = (target != null) ? uri.build(drill, target) : uri.build(drill);
		return relay(this.http.post().uri(drillUri).header(HttpHeaders.AUTHORIZATION, authorization),
				"the local launcher");
	}

	@ExceptionHandler(ErrorResponseException.class)
	ProblemDetail problem(ErrorResponseException ex) {
		return ex.getBody();
	}

	private Mono<ServiceInstance> instance(String id) {
		return this.topology.instance(id)
			.switchIfEmpty(Mono.error(() -> new ConsoleProblem(HttpStatus.NOT_FOUND,
					"No registered instance '" + id + "'; the topology lists the ids")));
	}

	private static URI faultsOf(ServiceInstance instance) {
		return URI.create((instance.isSecure() ? "https" : "http") + "://" + instance.getHost() + ":"
				+ instance.getPort() + "/api/admin/faults");
	}

	// The answer as it came, problem+json included, so the page shows the instance's or
	// the launcher's own words.
	private Mono<ResponseEntity<byte[]>> relay(WebClient.RequestHeadersSpec<?> request, String target) {
		return request
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((body) -> ResponseEntity.status(response.statusCode())
					.headers((headers) -> response.headers().contentType().ifPresent(headers::setContentType))
					.body(body)))
			.timeout(this.properties.drillTimeout())
			.onErrorMap((ex) -> !(ex instanceof ErrorResponseException),
					(ex) -> new ConsoleProblem(HttpStatus.BAD_GATEWAY,
							"Could not reach " + target + ": " + InstanceProbes.describe(ex)));
	}

	/** A refusal of the console's own, rendered as problem+json. */
	static final class ConsoleProblem extends ErrorResponseException {

		ConsoleProblem(HttpStatus status, String detail) {
			super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
		}

	}

}
