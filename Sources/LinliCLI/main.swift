import Linli
print(ParameterRegistry.all.count)
