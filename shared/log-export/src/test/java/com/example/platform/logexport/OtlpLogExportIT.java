package com.example.platform.logexport;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path the applications use in compose and Kubernetes: a Logback record, the
 * appender, Boot's SDK and its OTLP/HTTP exporter, posted to an HTTP server where the
 * OpenTelemetry Collector would listen.
 */
class OtlpLogExportIT {

	private final MockWebServer collector = new MockWebServer();

	@BeforeEach
	void start() throws Exception {
		this.collector.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().code(200).build();
			}
		});
		this.collector.start();
	}

	@AfterEach
	void stop() {
		this.collector.close();
	}

	@Test
	void postsLogRecordsAsOtlpProtobufToTheConfiguredEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryLoggingAutoConfiguration.class, OtlpLoggingAutoConfiguration.class,
					LogExportAutoConfiguration.class))
			.withPropertyValues("spring.application.name=user-service",
					"management.opentelemetry.logging.export.otlp.endpoint=" + this.collector.url("/v1/logs"))
			.run((context) -> {
				LoggerFactory.getLogger(OtlpLogExportIT.class).info("User 7 registered");
				context.getBean(SdkLoggerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
				RecordedRequest request = this.collector.takeRequest(10, TimeUnit.SECONDS);
				assertThat(request).isNotNull();
				assertThat(request.getMethod()).isEqualTo("POST");
				assertThat(request.getTarget()).isEqualTo("/v1/logs");
				assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
				// Protobuf keeps strings as UTF-8 bytes: the message and the service name
				// Loki turns into its service_name label.
				assertThat(request.getBody().utf8()).contains("User 7 registered", "user-service");
			});
	}

}
