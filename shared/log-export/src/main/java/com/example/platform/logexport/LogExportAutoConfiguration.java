package com.example.platform.logexport;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Sends every Logback record through Boot's OpenTelemetry SDK, and so over OTLP to
 * {@code management.opentelemetry.logging.export.otlp.endpoint}. Boot configures the SDK
 * and the exporter but not the Logback appender that feeds them (its reference:
 * "Loggers", OpenTelemetry), so without this no record is sent. Only where that endpoint
 * is set (compose and Kubernetes, deploy/config/*.env); the local run and the tests log
 * to the console alone.
 */
@AutoConfiguration(after = OpenTelemetrySdkAutoConfiguration.class)
@ConditionalOnClass({ OpenTelemetryAppender.class, ch.qos.logback.classic.LoggerContext.class })
@ConditionalOnBean(OpenTelemetry.class)
@ConditionalOnProperty("management.opentelemetry.logging.export.otlp.endpoint")
public class LogExportAutoConfiguration {

	@Bean
	LogbackExport logbackExport(OpenTelemetry openTelemetry) {
		return new LogbackExport(openTelemetry);
	}

}
