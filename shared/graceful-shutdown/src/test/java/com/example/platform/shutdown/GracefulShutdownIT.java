package com.example.platform.shutdown;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A real Tomcat shut down while a request is in flight: the instance leaves discovery
 * first, still serves new requests during the deregistration delay, then drains the
 * in-flight request and stops accepting.
 */
class GracefulShutdownIT {

	private static final CountDownLatch slowRequestStarted = new CountDownLatch(1);

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void leavesDiscoveryKeepsServingThenDrainsInFlightRequests() throws Exception {
		RecordingServiceRegistry registry = new RecordingServiceRegistry();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.initializers((ctx) -> ctx.getBeanFactory().registerSingleton("registry", registry))
			.run("--server.port=0", "--platform.shutdown.deregistration-delay=2s");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		CompletableFuture<HttpResponse<String>> inFlight = this.http.sendAsync(get(port, "/slow"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(slowRequestStarted.await(10, TimeUnit.SECONDS)).isTrue();

		Thread closing = Thread.ofPlatform().start(context::close);

		await().atMost(Duration.ofSeconds(5)).until(registry::deregistered);
		assertThat(send(port, "/hello").body()).as("served after leaving discovery").isEqualTo("hello");
		closing.join(Duration.ofSeconds(30));
		assertThat(closing.isAlive()).isFalse();
		assertThat(inFlight.get(1, TimeUnit.SECONDS).body()).as("drained, not cut off").isEqualTo("slow");
		assertThatThrownBy(() -> send(port, "/hello")).hasCauseInstanceOf(ConnectException.class);
	}

	private HttpResponse<String> send(int port, String path) throws Exception {
		return this.http.send(get(port, path), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest get(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		Registration registration() {
			return RecordingServiceRegistry.registration();
		}

		@Bean
		TestController testController() {
			return new TestController();
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		// Still running when shutdown begins: 2 s delay + part of the drain.
		@GetMapping("/slow")
		String slow() throws InterruptedException {
			slowRequestStarted.countDown();
			Thread.sleep(Duration.ofSeconds(3));
			return "slow";
		}

	}

}
