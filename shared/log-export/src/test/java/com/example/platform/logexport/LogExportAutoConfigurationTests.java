package com.example.platform.logexport;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's OpenTelemetry SDK with an exporter that keeps what it is given in place of the
 * OTLP one: what reaches it is what would go over the wire.
 */
class LogExportAutoConfigurationTests {

	private static final String ENDPOINT = "management.opentelemetry.logging.export.otlp.endpoint="
			+ "http://otel-collector:4318/v1/logs";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryLoggingAutoConfiguration.class, LogExportAutoConfiguration.class))
		.withPropertyValues("spring.application.name=order-service")
		.withBean(KeptRecords.class, KeptRecords::new);

	@Test
	void sendsEveryLogRecordWithItsLevelAndTheTraceItWasWrittenIn() {
		this.runner.withPropertyValues(ENDPOINT).run((context) -> {
			OpenTelemetry openTelemetry = context.getBean(OpenTelemetry.class);
			Span span = openTelemetry.getTracer("test").spanBuilder("place order").startSpan();
			assertThat(span.getSpanContext().isValid()).as("a real, sampled span").isTrue();
			try (Scope scope = span.makeCurrent()) {
				LoggerFactory.getLogger("com.example.platform.order.OrderService").warn("Order {} rejected", "42");
			}
			finally {
				span.end();
			}
			context.getBean(SdkLoggerProvider.class).forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(context.getBean(KeptRecords.class).records)
				.filteredOn((record) -> record.getBodyValue().asString().equals("Order 42 rejected"))
				.singleElement()
				.satisfies((record) -> {
					assertThat(record.getSeverity()).isEqualTo(Severity.WARN);
					assertThat(record.getInstrumentationScopeInfo().getName())
						.isEqualTo("com.example.platform.order.OrderService");
					assertThat(record.getSpanContext().getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
					assertThat(record.getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
					// Loki's service_name label comes from here.
					assertThat(record.getResource().getAttributes().asMap().entrySet())
						.anySatisfy((attribute) -> assertThat(attribute.getKey().getKey() + "=" + attribute.getValue())
							.isEqualTo("service.name=order-service"));
				});
		});
	}

	@Test
	void leavesLogbackAloneWithoutAnEndpoint() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(LogbackExport.class);
			assertThat(root().getAppender(LogbackExport.APPENDER_NAME)).isNull();
		});
	}

	@Test
	void takesTheAppenderOffWhenTheApplicationStops() {
		this.runner.withPropertyValues(ENDPOINT).run((context) -> {
			assertThat(root().getAppender(LogbackExport.APPENDER_NAME)).isNotNull();
			context.close();
			assertThat(root().getAppender(LogbackExport.APPENDER_NAME)).isNull();
		});
	}

	private static Logger root() {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	/** Keeps every exported record. */
	static final class KeptRecords implements LogRecordExporter {

		final List<LogRecordData> records = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			this.records.addAll(logs);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
