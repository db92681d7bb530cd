package com.example.platform.tls;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.util.StringUtils;

/**
 * In Kubernetes, registers each pod under a name its certificate can carry: callers
 * verify the callee's name, and a pod IP is known only once the pod runs, long after its
 * Secret was made. With {@value #DOMAIN} set ({@code PLATFORM_TLS_INSTANCE_DNS_DOMAIN},
 * e.g. {@code user-service-pods.platform.svc.cluster.local}, the application's headless
 * Service) and {@code POD_IP} given by the downward API, the registered hostname is
 * CoreDNS's name for that endpoint, the dashed IP under the Service
 * ({@code 10-1-2-3.user-service-pods.platform.svc.cluster.local}), which the
 * certificate's {@code *.user-service-pods...} name covers and no other application's
 * does. Ranks just above the shared defaults (whose hostname is {@code localhost}), so an
 * explicit {@code EUREKA_INSTANCE_HOSTNAME} still wins.
 */
class PodHostnameEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DOMAIN = "platform.tls.instance-dns-domain";

	static final String NAME = "platformPodHostname";

	// service-defaults' property source (ServiceDefaultsEnvironmentPostProcessor.NAME).
	private static final String SERVICE_DEFAULTS = "platformServiceDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String domain = environment.getProperty(DOMAIN);
		String podIp = environment.getProperty("POD_IP");
		MutablePropertySources sources = environment.getPropertySources();
		if (!StringUtils.hasText(domain) || sources.contains(NAME)) {
			return;
		}
		if (!StringUtils.hasText(podIp)) {
			throw new IllegalStateException(
					DOMAIN + " is set but POD_IP is not: give the pod's IP through the downward API (status.podIP)");
		}
		MapPropertySource hostname = new MapPropertySource(NAME,
				Map.of("eureka.instance.hostname", hostnameOf(podIp, domain)));
		if (sources.contains(SERVICE_DEFAULTS)) {
			sources.addBefore(SERVICE_DEFAULTS, hostname);
		}
		else {
			sources.addLast(hostname);
		}
	}

	/**
	 * CoreDNS names an endpoint without a hostname by its IP, dots (IPv6: colons) dashed.
	 */
	static String hostnameOf(String podIp, String domain) {
		return podIp.strip().replace('.', '-').replace(':', '-') + "." + domain;
	}

}
