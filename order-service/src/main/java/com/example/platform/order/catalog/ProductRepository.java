package com.example.platform.order.catalog;

import java.util.List;

import org.springframework.data.repository.ListCrudRepository;

// The id is the SKU, assigned by the migration that seeds the catalog: save() updates.
interface ProductRepository extends ListCrudRepository<Product, String> {

	List<Product> findAllByOrderBySkuAsc();

}
