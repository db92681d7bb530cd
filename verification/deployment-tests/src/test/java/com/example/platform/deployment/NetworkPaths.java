package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.maps;
import static com.example.platform.deployment.K8sObject.strings;

/**
 * The connections NetworkPolicies open, computed like a policy engine would: a connection
 * between two pods in the namespace needs an egress rule on the caller and an ingress
 * rule on the callee (default deny in place); peers outside the namespace need only the
 * rule on this side. Paths are written {@code caller -> callee:port}; peers outside the
 * namespace are named by namespace ({@code ns:traefik}) and pod label
 * ({@code ns:kube-system/kube-dns}).
 */
final class NetworkPaths {

	private NetworkPaths() {
	}

	record Result(Set<String> open, List<String> violations) {
	}

	static Result compute(List<K8sObject> objects) {
		List<K8sObject> workloads = Policies.workloads(objects);
		Set<String> egress = new TreeSet<>();
		Set<String> ingress = new TreeSet<>();
		List<String> violations = new ArrayList<>();
		boolean defaultDeny = false;
		for (K8sObject policy : Policies.ofKind(objects, "NetworkPolicy")) {
			Map<String, Object> spec = policy.spec();
			Map<String, Object> selector = map(map(spec, "podSelector"), "matchLabels");
			List<String> types = strings(spec.get("policyTypes"));
			List<K8sObject> selected = workloads.stream()
				.filter((workload) -> selector.isEmpty() || K8sObject.selects(selector, workload.podLabels()))
				.toList();
			if (selector.isEmpty() && types.containsAll(List.of("Ingress", "Egress")) && !spec.containsKey("ingress")
					&& !spec.containsKey("egress")) {
				defaultDeny = true;
			}
			for (Map<String, Object> rule : maps(spec.get("ingress"))) {
				for (String peer : peers(policy, rule.get("from"), workloads, violations)) {
					for (K8sObject target : selected) {
						for (String port : ports(policy, rule, target, violations)) {
							ingress.add(peer + " -> " + target.name() + ":" + port);
						}
					}
				}
			}
			for (Map<String, Object> rule : maps(spec.get("egress"))) {
				for (String peer : peers(policy, rule.get("to"), workloads, violations)) {
					K8sObject destination = workloads.stream()
						.filter((workload) -> workload.name().equals(peer))
						.findFirst()
						.orElse(null);
					for (K8sObject source : selected) {
						for (String port : ports(policy, rule, destination, violations)) {
							egress.add(source.name() + " -> " + peer + ":" + port);
						}
					}
				}
			}
		}
		if (!defaultDeny) {
			violations.add("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
		}
		Set<String> open = new TreeSet<>();
		for (String path : egress) {
			if (isExternal(callee(path)) || ingress.contains(path)) {
				open.add(path);
			}
			else {
				violations.add("egress without a matching ingress rule: " + path);
			}
		}
		for (String path : ingress) {
			if (isExternal(path.substring(0, path.indexOf(" -> ")))) {
				open.add(path);
			}
			else if (!egress.contains(path)) {
				violations.add("ingress without a matching egress rule: " + path);
			}
		}
		return new Result(open, violations);
	}

	private static String callee(String path) {
		String target = path.substring(path.indexOf(" -> ") + 4);
		return target.substring(0, target.lastIndexOf(':'));
	}

	private static boolean isExternal(String peer) {
		return peer.startsWith("ns:");
	}

	private static List<String> peers(K8sObject policy, Object rulePeers, List<K8sObject> workloads,
			List<String> violations) {
		List<String> names = new ArrayList<>();
		if (rulePeers == null) {
			violations.add(policy.id() + ": a rule without peers allows everyone");
			return names;
		}
		for (Map<String, Object> peer : maps(rulePeers)) {
			Map<String, Object> pods = map(map(peer, "podSelector"), "matchLabels");
			Map<String, Object> namespaces = map(map(peer, "namespaceSelector"), "matchLabels");
			if (peer.containsKey("ipBlock") || (peer.containsKey("namespaceSelector") && namespaces.isEmpty())
					|| (peer.containsKey("podSelector") && pods.isEmpty())) {
				violations.add(policy.id() + ": peer " + peer + " is broader than one workload");
			}
			else if (!namespaces.isEmpty()) {
				String namespace = String.valueOf(namespaces.get("kubernetes.io/metadata.name"));
				names.add("ns:" + namespace + (pods.isEmpty() ? ""
						: "/" + String.join(",", pods.values().stream().map(String::valueOf).toList())));
			}
			else {
				List<K8sObject> matched = workloads.stream()
					.filter((workload) -> K8sObject.selects(pods, workload.podLabels()))
					.toList();
				if (matched.isEmpty()) {
					violations.add(policy.id() + ": peer " + pods + " matches no pod");
				}
				matched.forEach((workload) -> names.add(workload.name()));
			}
		}
		return names;
	}

	private static List<String> ports(K8sObject policy, Map<String, Object> rule, K8sObject target,
			List<String> violations) {
		List<String> ports = new ArrayList<>();
		if (!rule.containsKey("ports")) {
			violations.add(policy.id() + ": a rule without ports opens every port");
			return ports;
		}
		for (Map<String, Object> port : maps(rule.get("ports"))) {
			Object value = port.get("port");
			if (value instanceof String name && target != null) {
				value = target.containers()
					.stream()
					.flatMap((container) -> maps(container.get("ports")).stream())
					.filter((containerPort) -> name.equals(containerPort.get("name")))
					.map((containerPort) -> containerPort.get("containerPort"))
					.findFirst()
					.orElse(name);
			}
			ports.add(String.valueOf(value));
		}
		return ports.stream().distinct().toList();
	}

}
