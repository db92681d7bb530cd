package com.example.platform.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Problem+json for errors that never reach a controller, the {@code X-Served-By} header,
 * the request body size limit and the refusal of wildcard content types.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(PlatformWebProperties.class)
public class WebSupportAutoConfiguration {

	/**
	 * Reads request bodies strictly: a number where a number is declared, whole where an
	 * integer is ({@code 1.9} is not silently 1, {@code "7"} not 7), each field once (no
	 * "last one wins" that a validating proxy and the service could read differently),
	 * one JSON value per body, and strings that are text ({@link StrictText}).
	 * @return the customizer of the application's JSON mapper
	 */
	@Bean
	JsonMapperBuilderCustomizer strictJsonInput() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.addModule(new SimpleModule("platform-strict-text").addDeserializer(String.class, new StrictText()));
	}

	@Bean
	ProblemErrorController problemErrorController() {
		return new ProblemErrorController();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = DiagnosticHeaders.ENABLED, matchIfMissing = true)
	FilterRegistrationBean<ServedByFilter> servedByFilter(@Value("${spring.application.name}") String applicationName,
			@Value("${eureka.instance.instance-id:}") String instanceId) {
		FilterRegistrationBean<ServedByFilter> registration = new FilterRegistrationBean<>(
				new ServedByFilter(applicationName, instanceId));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	// Before the security filters: an oversized body is refused before anything reads it.
	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(PlatformWebProperties properties) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.maxRequestSize()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	// Before the security filters too: a body of no type is refused whoever sends it.
	@Bean
	FilterRegistrationBean<ContentTypeFilter> contentTypeFilter() {
		FilterRegistrationBean<ContentTypeFilter> registration = new FilterRegistrationBean<>(new ContentTypeFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	static class TomcatConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReportValve() {
			return (factory) -> factory.addContextCustomizers(ProblemReportValve::install);
		}

		// Tomcat's defaults wait a minute for each read and apply that only to headers:
		// a body sent a byte at a time, or announced and never sent, held the connection
		// for as long as the client liked.
		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> slowClientTimeouts(
				PlatformWebProperties properties) {
			return (factory) -> factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("connectionTimeout", Long.toString(properties.headerReadTimeout().toMillis()));
				connector.setProperty("keepAliveTimeout", Long.toString(properties.headerReadTimeout().toMillis()));
				connector.setProperty("disableUploadTimeout", "false");
				connector.setProperty("connectionUploadTimeout",
						Long.toString(properties.bodyReadTimeout().toMillis()));
			});
		}

	}

}
