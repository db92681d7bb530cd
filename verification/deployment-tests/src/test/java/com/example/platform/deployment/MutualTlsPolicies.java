package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.maps;
import static com.example.platform.deployment.K8sObject.strings;

/**
 * The rules of mutual TLS between the applications in a rendered overlay (issue 18 item
 * 3): each application holds its own certificate from a Secret that can be renewed in
 * place, every hop between applications is TLS, and every pod registers under a name its
 * certificate carries. Each check returns its violations, one line each.
 */
final class MutualTlsPolicies {

	/** The applications, each with a certificate of its own. */
	static final List<String> APPLICATIONS = List.of("discovery", "gateway", "user-service", "order-service");

	/**
	 * The applications that register in Eureka and are called (or scraped) by the name
	 * they register. The discovery server registers nowhere: it is called by its Service.
	 */
	static final List<String> REGISTERED = List.of("gateway", "user-service", "order-service");

	/**
	 * The keys of a certificate's Secret, cert-manager's layout, which the applications
	 * read.
	 */
	static final Set<String> TLS_KEYS = Set.of("tls.crt", "tls.key", "ca.crt");

	static final String SECRET_PREFIX = "platform-tls-";

	private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

	private static final Pattern PLAIN_URL = Pattern.compile("http://([A-Za-z0-9.-]+)(?::(\\d+))?");

	private MutualTlsPolicies() {
	}

	/**
	 * Every application mounts its own certificate's Secret, whole (a subPath mount never
	 * sees the kubelet's in-place update of a renewed Secret) and read-only, where
	 * PLATFORM_TLS_DIRECTORY says, and no other application's.
	 */
	static List<String> certificateMounts(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (String application : APPLICATIONS) {
			K8sObject workload = workload(objects, application);
			if (workload == null) {
				violations.add(application + ": no workload");
				continue;
			}
			Map<String, Object> container = workload.containers().getFirst();
			// From the env file's ConfigMap or the Deployment itself.
			String directory = Policies.environment(objects, workload).get("PLATFORM_TLS_DIRECTORY");
			if (directory == null) {
				violations.add(workload.id() + ": PLATFORM_TLS_DIRECTORY is not set");
			}
			List<String> own = new ArrayList<>();
			for (Map<String, Object> volume : maps(workload.podSpec().get("volumes"))) {
				Object secret = map(volume, "secret").get("secretName");
				if ((SECRET_PREFIX + application).equals(secret)) {
					own.add((String) volume.get("name"));
				}
				else if (secret instanceof String name && name.startsWith(SECRET_PREFIX)) {
					violations.add(workload.id() + ": mounts the Secret " + name + ", not its own " + SECRET_PREFIX
							+ application);
				}
			}
			if (own.isEmpty()) {
				violations.add(workload.id() + ": mounts no Secret " + SECRET_PREFIX + application);
			}
			boolean mounted = maps(container.get("volumeMounts")).stream()
				.anyMatch((mount) -> own.contains(mount.get("name")) && mount.get("mountPath").equals(directory)
						&& Boolean.TRUE.equals(mount.get("readOnly")) && mount.get("subPath") == null);
			if (!own.isEmpty() && directory != null && !mounted) {
				violations.add(workload.id() + ": does not mount " + SECRET_PREFIX + application
						+ " read-only at PLATFORM_TLS_DIRECTORY " + directory);
			}
			violations.addAll(subPathMounts(workload));
		}
		return violations;
	}

	/**
	 * Applications are probed by the image's health check script, which presents their
	 * certificate: an httpGet probe cannot, and their ports take nothing without one.
	 */
	static List<String> probes(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject workload : Policies.workloads(objects)) {
			if (!Policies.isApplication(workload)) {
				continue;
			}
			for (Map<String, Object> container : workload.containers()) {
				for (String probe : PROBES) {
					Map<String, Object> definition = map(container, probe);
					if (definition.containsKey("httpGet")) {
						violations.add(workload.id() + ": " + probe
								+ " is an httpGet, which cannot present a client certificate");
					}
					else if (!strings(map(definition, "exec").get("command")).contains(Policies.HEALTHCHECK)) {
						violations.add(workload.id() + ": " + probe + " does not run " + Policies.HEALTHCHECK);
					}
				}
			}
		}
		return violations;
	}

	/**
	 * No plain {@code http://} URL names an application or one of its ports anywhere in
	 * the workloads' environment, arguments and commands or in a ConfigMap (the
	 * Prometheus configuration among them). The gateway's public port is the exception:
	 * plain HTTP behind the Ingress, which ends TLS.
	 */
	static List<String> plainUrls(List<K8sObject> objects) {
		Set<String> ports = new TreeSet<>();
		String publicPort = null;
		for (K8sObject workload : Policies.workloads(objects)) {
			if (Policies.isApplication(workload)) {
				for (Map<String, Object> port : maps(workload.containers().getFirst().get("ports"))) {
					String number = String.valueOf(port.get("containerPort"));
					if ("gateway".equals(workload.name()) && "http".equals(port.get("name"))) {
						publicPort = number;
					}
					else {
						ports.add(number);
					}
				}
			}
		}
		List<String> violations = new ArrayList<>();
		for (Map.Entry<String, String> text : texts(objects).entrySet()) {
			Matcher url = PLAIN_URL.matcher(text.getValue());
			while (url.find()) {
				String host = url.group(1);
				String port = url.group(2);
				String application = APPLICATIONS.stream()
					.filter((candidate) -> host.equals(candidate) || host.equals(candidate + "-pods")
							|| host.startsWith(candidate + ".") || host.startsWith(candidate + "-pods.")
							|| host.contains("." + candidate + "-pods."))
					.findFirst()
					.orElse(null);
				boolean gatewayPublic = "gateway".equals(application) && (port == null || port.equals(publicPort));
				if ((application != null && !gatewayPublic) || (port != null && ports.contains(port))) {
					violations.add(text.getKey() + ": plain " + url.group() + " to an application");
				}
			}
		}
		return violations;
	}

	/**
	 * Prometheus scrapes the applications and asks the registry over TLS, presenting its
	 * certificate from the Secret {@code platform-tls-prometheus} it mounts.
	 */
	static List<String> prometheus(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		Map<String, Object> config = asMap(new Yaml()
			.load(String.valueOf(Policies.configMapData(objects, "prometheus-config").get("prometheus.yml"))));
		K8sObject prometheus = workload(objects, "prometheus");
		if (prometheus == null) {
			return List.of("no workload prometheus");
		}
		List<String> certificateDirectories = new ArrayList<>();
		for (Map<String, Object> volume : maps(prometheus.podSpec().get("volumes"))) {
			if ((SECRET_PREFIX + "prometheus").equals(map(volume, "secret").get("secretName"))) {
				maps(prometheus.containers().getFirst().get("volumeMounts")).stream()
					.filter((mount) -> volume.get("name").equals(mount.get("name")) && mount.get("subPath") == null)
					.forEach((mount) -> certificateDirectories.add((String) mount.get("mountPath")));
			}
		}
		violations.addAll(subPathMounts(prometheus));
		for (Map<String, Object> job : maps(config.get("scrape_configs"))) {
			String name = "prometheus job " + job.get("job_name");
			List<Map<String, Object>> registries = maps(job.get("eureka_sd_configs"));
			boolean application = !registries.isEmpty() || maps(job.get("static_configs")).stream()
				.flatMap((targets) -> strings(targets.get("targets")).stream())
				.anyMatch((target) -> APPLICATIONS.contains(target.substring(0, target.indexOf(':'))));
			if (!application) {
				continue;
			}
			if (!"https".equals(job.get("scheme"))) {
				violations.add(name + ": scrapes applications over " + job.getOrDefault("scheme", "http"));
			}
			clientCertificate(violations, name, map(job, "tls_config"), certificateDirectories);
			for (Map<String, Object> registry : registries) {
				if (!String.valueOf(registry.get("server")).startsWith("https://")) {
					violations.add(name + ": asks the registry at " + registry.get("server"));
				}
				clientCertificate(violations, name + " registry", map(registry, "tls_config"), certificateDirectories);
			}
		}
		return violations;
	}

	/**
	 * One Secret per certificate, of type kubernetes.io/tls with cert-manager's keys,
	 * under its own name: a name suffix (kustomize's content hash) would give a renewed
	 * certificate a new Secret that running pods never see.
	 */
	static List<String> tlsSecrets(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (String owner : Kustomize.TLS_CERTIFICATES) {
			String name = SECRET_PREFIX + owner;
			K8sObject secret = Policies.ofKind(objects, "Secret")
				.stream()
				.filter((candidate) -> name.equals(candidate.name()))
				.findFirst()
				.orElse(null);
			if (secret == null) {
				violations.add("no Secret named " + name + " (a generated name suffix would not survive a renewal)");
				continue;
			}
			if (!"kubernetes.io/tls".equals(secret.content().get("type"))) {
				violations.add(secret.id() + ": type " + secret.content().get("type") + ", not kubernetes.io/tls");
			}
			if (!asMap(secret.content().get("data")).keySet().equals(TLS_KEYS)) {
				violations
					.add(secret.id() + ": keys " + asMap(secret.content().get("data")).keySet() + ", not " + TLS_KEYS);
			}
		}
		return violations;
	}

	/**
	 * Each registered application's pods have a headless Service whose CoreDNS names
	 * ({@code <dashed pod IP>.<app>-pods.<namespace>.svc.cluster.local}) its certificate
	 * covers, and register under that name: PLATFORM_TLS_INSTANCE_DNS_DOMAIN and the
	 * pod's IP, with no EUREKA_INSTANCE_HOSTNAME overriding it (a bare IP is in no
	 * certificate).
	 */
	static List<String> podNames(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (String application : REGISTERED) {
			K8sObject workload = workload(objects, application);
			String serviceName = application + "-pods";
			K8sObject service = Policies.ofKind(objects, "Service")
				.stream()
				.filter((candidate) -> serviceName.equals(candidate.name()))
				.findFirst()
				.orElse(null);
			if (workload == null || service == null) {
				violations.add(application + ": no Deployment or no headless Service " + serviceName);
				continue;
			}
			if (!"None".equals(service.spec().get("clusterIP"))) {
				violations.add(service.id() + ": not headless (clusterIP: None)");
			}
			if (!Boolean.TRUE.equals(service.spec().get("publishNotReadyAddresses"))) {
				violations.add(service.id() + ": does not publish not-ready pods, whose registered names must resolve");
			}
			if (!K8sObject.selects(map(service.spec(), "selector"), workload.podLabels())) {
				violations.add(service.id() + ": does not select the pods of " + workload.id());
			}
			if (maps(service.spec().get("ports")).stream().noneMatch((port) -> "http".equals(port.get("targetPort")))) {
				violations.add(service.id() + ": does not list the traffic port the pods register");
			}
			Map<String, Object> container = workload.containers().getFirst();
			String namespace = (String) map(service.content(), "metadata").get("namespace");
			String domain = serviceName + "." + namespace + ".svc.cluster.local";
			Object actual = variable(container, "PLATFORM_TLS_INSTANCE_DNS_DOMAIN").get("value");
			if (!domain.equals(actual)) {
				violations.add(workload.id() + ": PLATFORM_TLS_INSTANCE_DNS_DOMAIN is " + actual + ", not " + domain);
			}
			if (!"status.podIP"
				.equals(map(map(variable(container, "POD_IP"), "valueFrom"), "fieldRef").get("fieldPath"))) {
				violations.add(workload.id() + ": POD_IP does not come from the downward API (status.podIP)");
			}
			if (Policies.environment(objects, workload).containsKey("EUREKA_INSTANCE_HOSTNAME")) {
				violations.add(workload.id() + ": EUREKA_INSTANCE_HOSTNAME overrides the pod's certified name");
			}
		}
		return violations;
	}

	private static void clientCertificate(List<String> violations, String where, Map<String, Object> tls,
			List<String> certificateDirectories) {
		for (String file : List.of("ca_file", "cert_file", "key_file")) {
			Object path = tls.get(file);
			if (path == null) {
				violations.add(where + ": no tls_config " + file);
				continue;
			}
			String text = String.valueOf(path);
			int slash = text.lastIndexOf('/');
			if (slash < 0 || !certificateDirectories.contains(text.substring(0, slash))
					|| !TLS_KEYS.contains(text.substring(slash + 1))) {
				violations.add(where + ": " + file + " " + path + " is not in the mounted Secret " + SECRET_PREFIX
						+ "prometheus " + certificateDirectories);
			}
		}
	}

	private static List<String> subPathMounts(K8sObject workload) {
		List<String> tlsVolumes = maps(workload.podSpec().get("volumes")).stream()
			.filter((volume) -> String.valueOf(map(volume, "secret").get("secretName")).startsWith(SECRET_PREFIX))
			.map((volume) -> (String) volume.get("name"))
			.toList();
		List<String> violations = new ArrayList<>();
		for (Map<String, Object> container : workload.containers()) {
			for (Map<String, Object> mount : maps(container.get("volumeMounts"))) {
				if (tlsVolumes.contains(mount.get("name")) && mount.get("subPath") != null) {
					violations.add(workload.id() + ": mounts " + mount.get("name") + " with subPath "
							+ mount.get("subPath") + ", which never sees a renewed Secret");
				}
			}
		}
		return violations;
	}

	/**
	 * Every configured text: containers' env values, args, commands; ConfigMaps' data.
	 */
	private static Map<String, String> texts(List<K8sObject> objects) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (K8sObject workload : Policies.workloads(objects)) {
			List<Map<String, Object>> containers = new ArrayList<>(workload.containers());
			containers.addAll(maps(workload.podSpec().get("initContainers")));
			for (Map<String, Object> container : containers) {
				String where = workload.id() + " " + container.get("name");
				for (Map<String, Object> variable : maps(container.get("env"))) {
					texts.put(where + " " + variable.get("name"), String.valueOf(variable.get("value")));
				}
				texts.put(where + " args", String.valueOf(container.get("args")));
				texts.put(where + " command", String.valueOf(container.get("command")));
			}
		}
		for (K8sObject configMap : Policies.ofKind(objects, "ConfigMap")) {
			asMap(configMap.content().get("data"))
				.forEach((key, value) -> texts.put(configMap.id() + " " + key, String.valueOf(value)));
		}
		return texts;
	}

	private static Map<String, Object> variable(Map<String, Object> container, String name) {
		return maps(container.get("env")).stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElse(Map.of());
	}

	private static K8sObject workload(List<K8sObject> objects, String name) {
		return Policies.workloads(objects)
			.stream()
			.filter((candidate) -> name.equals(candidate.name()))
			.findFirst()
			.orElse(null);
	}

}
