package com.example.platform.tls;

import java.time.Duration;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;

/**
 * The platform's SSL bundle, present as a bean only when mutual TLS is on: what every
 * client of another application builds its connections with, so it presents this
 * application's certificate and accepts only a server whose certificate the platform CA
 * signed for the host it called.
 *
 * @param bundle the {@value #BUNDLE} bundle
 */
public record PlatformTls(SslBundle bundle) {

	/** The bundle's name in {@code spring.ssl.bundle.pem}. */
	public static final String BUNDLE = "platform";

	/**
	 * Client settings with the bundle and the given timeouts.
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for an answer
	 * @return the settings
	 */
	public HttpClientSettings clientSettings(Duration connectTimeout, Duration readTimeout) {
		return HttpClientSettings.defaults().withTimeouts(connectTimeout, readTimeout).withSslBundle(this.bundle);
	}

}
