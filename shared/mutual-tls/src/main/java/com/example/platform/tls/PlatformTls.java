package com.example.platform.tls;

import java.time.Duration;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;

/**
 * The platform's SSL bundle as the clients use it, present as a bean only when mutual TLS
 * is on: what every client of another application builds its connections with, so it
 * presents this application's certificate and accepts only a server whose certificate the
 * platform CA signed for the host it called; a renewed certificate is presented without a
 * restart.
 *
 * @param bundle the {@value #CLIENT_BUNDLE} bundle
 */
public record PlatformTls(SslBundle bundle) {

	/** The bundle's name in {@code spring.ssl.bundle.pem}: the servers' bundle. */
	public static final String BUNDLE = "platform";

	/**
	 * The clients' view of {@value #BUNDLE}, which follows its renewals
	 * ({@link ReloadingClientBundle}); the gateway's HTTP client names it.
	 */
	public static final String CLIENT_BUNDLE = "platform-client";

	/**
	 * Client settings with the bundle and the given timeouts.
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for an answer
	 * @return the settings
	 */
	public HttpClientSettings clientSettings(Duration connectTimeout, Duration readTimeout) {
		return settingsOf(this).withTimeouts(connectTimeout, readTimeout);
	}

	/**
	 * Client settings for a caller that works either way: with the bundle when mutual TLS
	 * is on, Spring Boot's defaults (plain HTTP) when it is off.
	 * @param tls the bean, or {@code null} when mutual TLS is off
	 * @return the settings
	 */
	public static HttpClientSettings settingsOf(PlatformTls tls) {
		return (tls != null) ? HttpClientSettings.ofSslBundle(tls.bundle()) : HttpClientSettings.defaults();
	}

}
