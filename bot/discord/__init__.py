"""The Discord adapter: commands, persistent components, rendering and the publisher."""
