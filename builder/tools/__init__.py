"""HR staff's tools beside the build: the Excel roster, the new-round scaffold, the
editors' JSON Schemas, the manual as a PDF."""
