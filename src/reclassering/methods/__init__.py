"""The methods: Signs of Success and Safe Path as data, and the rules that apply them.

A method definition is a TOML file (one per method) decoded into frozen msgspec Structs
(``definition_schema``) and validated at start-up (``registry`` loads, ``definition_checks`` validates): the
phases in order, what each phase asks for before the next one can start, the prompts for the worker and the
youth (Dutch and English), the scales with their anchor texts and the youth tools. The built-in definitions
live next to this module; an organisation adds its own by dropping TOML files in the folder named by the
``methods_dir`` setting.
"""
