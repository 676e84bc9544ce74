"""The question bank and exam file: schema, loader and checks."""
