package com.example.platform.deployment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Strict validation against the Kubernetes API schema, using the official Java client's
 * generated models: their {@code validateJsonElement} rejects fields the API does not
 * define and required fields that are missing, at every level of nesting.
 */
final class Schema {

	/**
	 * The API versions and kinds the manifests may use: each one served by current
	 * Kubernetes. Anything else (a removed version such as policy/v1beta1, a typo in a
	 * kind) is rejected.
	 */
	private static final Map<String, Class<?>> MODELS = Map.ofEntries(Map.entry("v1/Namespace", V1Namespace.class),
			Map.entry("v1/ServiceAccount", V1ServiceAccount.class), Map.entry("v1/ConfigMap", V1ConfigMap.class),
			Map.entry("v1/Secret", V1Secret.class), Map.entry("v1/Service", V1Service.class),
			Map.entry("apps/v1/Deployment", V1Deployment.class), Map.entry("apps/v1/StatefulSet", V1StatefulSet.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
			Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
			Map.entry("networking.k8s.io/v1/Ingress", V1Ingress.class));

	private Schema() {
	}

	static List<String> violations(List<K8sObject> objects) {
		List<String> violations = new ArrayList<>();
		for (K8sObject object : objects) {
			String violation = violation(object);
			if (violation != null) {
				violations.add(violation);
			}
		}
		return violations;
	}

	private static String violation(K8sObject object) {
		String type = object.apiVersion() + "/" + object.kind();
		Class<?> model = MODELS.get(type);
		if (model == null) {
			return object.id() + ": " + type + " is not an API version and kind the manifests may use";
		}
		if (object.name() == null || object.name().isBlank()) {
			return type + " without metadata.name";
		}
		try {
			Method validate = model.getMethod("validateJsonElement", JsonElement.class);
			validate.invoke(null, toJson(object.content()));
			return null;
		}
		catch (InvocationTargetException ex) {
			return object.id() + ": " + ex.getCause().getMessage();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JsonElement toJson(Object value) {
		if (value == null) {
			return JsonNull.INSTANCE;
		}
		if (value instanceof Map<?, ?> map) {
			JsonObject object = new JsonObject();
			map.forEach((key, item) -> object.add(String.valueOf(key), toJson(item)));
			return object;
		}
		if (value instanceof List<?> list) {
			JsonArray array = new JsonArray();
			list.forEach((item) -> array.add(toJson(item)));
			return array;
		}
		if (value instanceof Number number) {
			return new JsonPrimitive(number);
		}
		if (value instanceof Boolean bool) {
			return new JsonPrimitive(bool);
		}
		return new JsonPrimitive(String.valueOf(value));
	}

}
