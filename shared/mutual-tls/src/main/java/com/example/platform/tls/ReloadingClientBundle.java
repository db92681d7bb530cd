package com.example.platform.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The platform bundle as the applications' clients see it: always the newest certificate.
 * Spring Boot reloads a renewed bundle into its servers only; a client builds its SSL
 * context once (the gateway's Netty client, Apache HttpClient, the JDK client), so with
 * the bundle itself it would present the certificate it started with until restarted.
 * This bundle's key and trust managers stay the same objects and ask the bundle's current
 * managers at every handshake, switched when Spring Boot reports the update
 * ({@link SslBundles#addBundleUpdateHandler}). Pooled connections keep the handshake they
 * made (and a resumed TLS session its certificates), so a renewed certificate reaches a
 * peer with the caller's next new session.
 * <p>
 * Registered as {@value PlatformTls#CLIENT_BUNDLE} by an {@code SslBundleRegistrar},
 * which runs while the registry itself is being made: the bundle binds to the registry on
 * first use.
 */
final class ReloadingClientBundle implements SslBundle {

	private static final Provider PROVIDER = new Provider("platform-reloading", "1.0",
			"The platform bundle's current managers") {
	};

	private final Supplier<SslBundles> registry;

	private final String name;

	private final SslManagerBundle managers;

	private volatile Current current;

	ReloadingClientBundle(Supplier<SslBundles> registry, String name) {
		this.registry = registry;
		this.name = name;
		this.managers = SslManagerBundle.of(new KeyManagerFactory(new KeyManagers(this::key), PROVIDER, "reloading") {
		}, new TrustManagerFactory(new TrustManagers(this::trust), PROVIDER, "reloading") {
		});
	}

	@Override
	public SslStoreBundle getStores() {
		return current().bundle().getStores();
	}

	@Override
	public SslBundleKey getKey() {
		return current().bundle().getKey();
	}

	@Override
	public SslOptions getOptions() {
		return current().bundle().getOptions();
	}

	@Override
	public String getProtocol() {
		return current().bundle().getProtocol();
	}

	@Override
	public SslManagerBundle getManagers() {
		return this.managers;
	}

	private X509ExtendedKeyManager key() {
		return current().key();
	}

	private X509ExtendedTrustManager trust() {
		return current().trust();
	}

	private Current current() {
		Current current = this.current;
		if (current == null) {
			synchronized (this) {
				if (this.current == null) {
					SslBundles bundles = this.registry.get();
					this.current = Current.of(bundles.getBundle(this.name));
					bundles.addBundleUpdateHandler(this.name, (renewed) -> this.current = Current.of(renewed));
				}
				current = this.current;
			}
		}
		return current;
	}

	/**
	 * A bundle and its managers, made once per version of the bundle, not per handshake.
	 */
	private record Current(SslBundle bundle, X509ExtendedKeyManager key, X509ExtendedTrustManager trust) {

		static Current of(SslBundle bundle) {
			SslManagerBundle managers = bundle.getManagers();
			return new Current(bundle, only(managers.getKeyManagers(), X509ExtendedKeyManager.class),
					only(managers.getTrustManagers(), X509ExtendedTrustManager.class));
		}

		private static <T> T only(Object[] managers, Class<T> type) {
			return Arrays.stream(managers)
				.filter(type::isInstance)
				.map(type::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("The platform bundle has no " + type.getSimpleName()));
		}

	}

	private static final class KeyManagers extends KeyManagerFactorySpi {

		private final X509ExtendedKeyManager manager;

		KeyManagers(Supplier<X509ExtendedKeyManager> current) {
			this.manager = new CurrentKeyManager(current);
		}

		@Override
		protected void engineInit(KeyStore keyStore, char[] password) {
		}

		@Override
		protected void engineInit(ManagerFactoryParameters parameters) {
		}

		@Override
		protected KeyManager[] engineGetKeyManagers() {
			return new KeyManager[] { this.manager };
		}

	}

	private static final class TrustManagers extends TrustManagerFactorySpi {

		private final X509ExtendedTrustManager manager;

		TrustManagers(Supplier<X509ExtendedTrustManager> current) {
			this.manager = new CurrentTrustManager(current);
		}

		@Override
		protected void engineInit(KeyStore keyStore) {
		}

		@Override
		protected void engineInit(ManagerFactoryParameters parameters) {
		}

		@Override
		protected TrustManager[] engineGetTrustManagers() {
			return new TrustManager[] { this.manager };
		}

	}

	/**
	 * The current key manager, asked afresh for each call. An alias chosen just before a
	 * renewal still names the key afterwards: the bundle keeps its alias.
	 */
	private static final class CurrentKeyManager extends X509ExtendedKeyManager {

		private final Supplier<X509ExtendedKeyManager> current;

		CurrentKeyManager(Supplier<X509ExtendedKeyManager> current) {
			this.current = current;
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return this.current.get().getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return this.current.get().chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return this.current.get().chooseEngineClientAlias(keyType, issuers, engine);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return this.current.get().getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return this.current.get().chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			return this.current.get().chooseEngineServerAlias(keyType, issuers, engine);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.current.get().getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.current.get().getPrivateKey(alias);
		}

	}

	/**
	 * The current trust manager. The socket and engine are passed on, so the JDK's own
	 * manager still checks that the server's certificate names the host called.
	 */
	private static final class CurrentTrustManager extends X509ExtendedTrustManager {

		private final Supplier<X509ExtendedTrustManager> current;

		CurrentTrustManager(Supplier<X509ExtendedTrustManager> current) {
			this.current = current;
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.current.get().checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.current.get().checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.current.get().checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.current.get().checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.current.get().checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.current.get().checkServerTrusted(chain, authType, engine);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.current.get().getAcceptedIssuers();
		}

	}

}
