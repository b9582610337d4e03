"""core.registry: what a higher app registers, a lower app calls once each, in order."""

from samskap.core.registry import Registry


def test_functions_run_once_each_in_registration_order():
    registry = Registry()
    first, second = (lambda: 1), (lambda: 2)
    registry.register(first)
    registry.register(second)
    registry.register(first)
    assert [function() for function in registry] == [1, 2]


def test_unregister_takes_a_function_off_and_ignores_an_unknown_one():
    registry = Registry()
    kept, gone = (lambda: "kept"), (lambda: "gone")
    registry.register(kept)
    registry.register(gone)
    registry.unregister(gone)
    registry.unregister(lambda: "never")
    assert [function() for function in registry] == ["kept"]


def test_a_function_may_unregister_itself_while_the_caller_iterates():
    registry = Registry()
    seen = []

    def once():
        seen.append("once")
        registry.unregister(once)

    registry.register(once)
    registry.register(lambda: seen.append("after"))
    for function in registry:
        function()
    assert seen == ["once", "after"]
    assert len(list(registry)) == 1


def test_register_works_as_a_decorator():
    registry = Registry()

    @registry.register
    def named():
        return "named"

    assert named() == "named" and list(registry) == [named]
