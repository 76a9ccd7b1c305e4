"""Writes of the collaboration model, one module per job (re-exported here as they land):

- `actors`: actors, their functions, industries, subregions and contact people
- `councils`: industry councils, their members, meetings, decisions and action items
- `initiatives`: strategic priorities and initiatives
"""
