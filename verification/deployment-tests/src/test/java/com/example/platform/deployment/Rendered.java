package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered overlays, rendered once per test JVM.
 */
final class Rendered {

	private static final Map<String, List<K8sObject>> OVERLAYS = new ConcurrentHashMap<>();

	private Rendered() {
	}

	static List<K8sObject> overlay(String name) {
		return OVERLAYS.computeIfAbsent(name, Kustomize::render);
	}

	/**
	 * The dev overlay with a broken fixture laid over it: fixture objects replace
	 * rendered objects of the same kind and name, or are added.
	 */
	static List<K8sObject> devWith(String fixture) {
		List<K8sObject> broken = Fixtures.objects(fixture);
		List<K8sObject> objects = new ArrayList<>(overlay("dev"));
		objects.removeIf((object) -> broken.stream().anyMatch((replacement) -> replaces(replacement, object)));
		objects.addAll(broken);
		return objects;
	}

	/** Same kind and name; a workload also replaces a workload of another kind. */
	private static boolean replaces(K8sObject replacement, K8sObject object) {
		return replacement.name().equals(object.name())
				&& (replacement.kind().equals(object.kind()) || (replacement.isWorkload() && object.isWorkload()));
	}

}
