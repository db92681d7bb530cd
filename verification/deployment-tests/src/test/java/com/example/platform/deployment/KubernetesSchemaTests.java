package com.example.platform.deployment;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay renders, and every rendered object is valid against the Kubernetes API
 * schema, as strictly as an API server with field validation would judge it.
 */
class KubernetesSchemaTests {

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyRenderedObjectIsValidAgainstTheApiSchema(String overlay) {
		List<K8sObject> objects = Kustomize.render(overlay);
		assertThat(objects).hasSizeGreaterThan(50);
		assertThat(Schema.violations(objects)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					schema-unknown-field.yaml         | field `imagePullPolicyy` in the JSON string is not defined in the `V1Container` properties
					schema-unknown-field-top.yaml     | field `minReplica` in the JSON string is not defined
					schema-missing-required.yaml      | required field `selector` is not found
					schema-removed-api-version.yaml   | policy/v1beta1/PodDisruptionBudget is not an API version and kind the manifests may use
					""")
	void rejectsBrokenManifests(String fixture, String expected) {
		assertThat(Schema.violations(Fixtures.objects(fixture))).singleElement().asString().contains(expected);
	}

}
