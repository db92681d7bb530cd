package com.example.platform.tls;

import java.time.Duration;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.netflix.eureka.TimeoutProperties;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With mutual TLS on ({@code platform.tls.directory} set): the {@link PlatformTls} bean
 * the applications' clients build with, and the Eureka client presenting the platform
 * certificate to the registry. Servers need nothing here: {@code server.ssl} and
 * {@code management.server.ssl} name the bundle (mutual-tls.yml).
 */
@AutoConfiguration(after = SslAutoConfiguration.class,
		beforeName = "org.springframework.cloud.netflix.eureka.config.DiscoveryClientOptionalArgsConfiguration")
@ConditionalOnProperty(PlatformTlsEnvironmentPostProcessor.DIRECTORY)
public class PlatformTlsAutoConfiguration {

	/**
	 * Registers the clients' bundle while the registry is being made, so that it is there
	 * for every client that names it (an unknown name is ignored silently by some).
	 */
	@Bean
	static SslBundleRegistrar platformClientBundle(ObjectProvider<SslBundles> bundles) {
		return (registry) -> registry.registerBundle(PlatformTls.CLIENT_BUNDLE,
				new ReloadingClientBundle(bundles::getObject, PlatformTls.BUNDLE));
	}

	@Bean
	PlatformTls platformTls(SslBundles bundles) {
		return new PlatformTls(bundles.getBundle(PlatformTls.CLIENT_BUNDLE));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EurekaClientHttpRequestFactorySupplier.class, HttpClientBuilder.class })
	static class RegistryClientConfiguration {

		/**
		 * Replaces Spring Cloud's default (it backs off for any bean of this type), whose
		 * only TLS settings are key stores under {@code eureka.client.tls}: the registry
		 * client is built with the platform bundle instead, and Apache HttpClient checks
		 * that the registry's certificate names the host in {@code defaultZone}. The
		 * timeouts are Eureka's own ({@code eureka.client.timeout.*}).
		 */
		@Bean
		EurekaClientHttpRequestFactorySupplier platformTlsEurekaClientRequestFactory(PlatformTls tls,
				ObjectProvider<TimeoutProperties> timeouts) {
			return (sslContext, hostnameVerifier) -> {
				TimeoutProperties timeout = timeouts.getIfAvailable(TimeoutProperties::new);
				return ClientHttpRequestFactoryBuilder.httpComponents()
					// With a client certificate, Apache HttpClient marks each connection
					// with the TLS principal and then leases it only to requests carrying
					// that user token, which these never do: the pool fills up, and
					// heartbeats wait for a connection until they are cancelled (leases
					// expired in the registry). Without connection state they reuse it.
					.withHttpClientCustomizer(HttpClientBuilder::disableConnectionState)
					.build(tls.clientSettings(Duration.ofMillis(timeout.getConnectTimeout()),
							Duration.ofMillis(timeout.getSocketTimeout())));
			};
		}

	}

}
