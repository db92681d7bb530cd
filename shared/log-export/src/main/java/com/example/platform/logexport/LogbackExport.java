package com.example.platform.logexport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The OpenTelemetry appender on Logback's root logger while the application runs. Added
 * in code rather than in a logback-spring.xml so the applications keep Boot's own logging
 * configuration. The appender takes the trace and span id from the OpenTelemetry context
 * current when the record is written, which Micrometer Tracing's OpenTelemetry bridge
 * sets for every observed request and message.
 */
class LogbackExport implements SmartLifecycle {

	static final String APPENDER_NAME = "OTLP";

	private final OpenTelemetry openTelemetry;

	private volatile OpenTelemetryAppender appender;

	LogbackExport(OpenTelemetry openTelemetry) {
		this.openTelemetry = openTelemetry;
	}

	@Override
	public void start() {
		OpenTelemetryAppender created = new OpenTelemetryAppender();
		created.setName(APPENDER_NAME);
		created.setContext(loggerContext());
		created.setOpenTelemetry(this.openTelemetry);
		// SLF4J key-value pairs (logger.atInfo().addKeyValue(...)) become attributes.
		created.setCaptureKeyValuePairAttributes(true);
		created.start();
		root().addAppender(created);
		this.appender = created;
	}

	@Override
	public void stop() {
		OpenTelemetryAppender started = this.appender;
		if (started != null) {
			root().detachAppender(started);
			started.stop();
			this.appender = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.appender != null;
	}

	/**
	 * Stops after everything else: the records written while the application shuts down
	 * are sent too (the SDK flushes them when it closes, after this).
	 */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE;
	}

	private static LoggerContext loggerContext() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

	private static Logger root() {
		return loggerContext().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
