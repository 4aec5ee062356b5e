<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis styleCategories="Fields|Forms" version="3.22.16-Białowieża">
  <fieldConfiguration>
    <field configurationFlags="None" name="id">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="run_id">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="code">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="change">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="changed_fields">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="actor">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="at">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="calendar_popup"/>
            <Option type="QString" value="yyyy-MM-dd HH:mm:ss" name="display_format"/>
            <Option type="bool" value="true" name="field_iso_format"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="old_values">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="new_values">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="version">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="restored_from">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias field="id" name="" index="0"/>
    <alias field="run_id" name="" index="1"/>
    <alias field="code" name="" index="2"/>
    <alias field="change" name="" index="3"/>
    <alias field="changed_fields" name="" index="4"/>
    <alias field="actor" name="" index="5"/>
    <alias field="at" name="" index="6"/>
    <alias field="old_values" name="" index="7"/>
    <alias field="new_values" name="" index="8"/>
    <alias field="version" name="" index="9"/>
    <alias field="restored_from" name="" index="10"/>
  </aliases>
  <defaults>
    <default expression="" field="id" applyOnUpdate="0"/>
    <default expression="" field="run_id" applyOnUpdate="0"/>
    <default expression="" field="code" applyOnUpdate="0"/>
    <default expression="" field="change" applyOnUpdate="0"/>
    <default expression="" field="changed_fields" applyOnUpdate="0"/>
    <default expression="" field="actor" applyOnUpdate="0"/>
    <default expression="" field="at" applyOnUpdate="0"/>
    <default expression="" field="old_values" applyOnUpdate="0"/>
    <default expression="" field="new_values" applyOnUpdate="0"/>
    <default expression="" field="version" applyOnUpdate="0"/>
    <default expression="" field="restored_from" applyOnUpdate="0"/>
  </defaults>
  <constraints>
    <constraint unique_strength="0" exp_strength="0" field="id" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="run_id" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="code" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="change" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="changed_fields" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="actor" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="at" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="old_values" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="new_values" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="version" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="restored_from" constraints="0" notnull_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint exp="" desc="" field="id"/>
    <constraint exp="" desc="" field="run_id"/>
    <constraint exp="" desc="" field="code"/>
    <constraint exp="" desc="" field="change"/>
    <constraint exp="" desc="" field="changed_fields"/>
    <constraint exp="" desc="" field="actor"/>
    <constraint exp="" desc="" field="at"/>
    <constraint exp="" desc="" field="old_values"/>
    <constraint exp="" desc="" field="new_values"/>
    <constraint exp="" desc="" field="version"/>
    <constraint exp="" desc="" field="restored_from"/>
  </constraintExpressions>
  <expressionfields/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>tablayout</editorlayout>
  <attributeEditorForm>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="0" name="Change">
      <attributeEditorField showLabel="1" name="code" index="2"/>
      <attributeEditorField showLabel="1" name="version" index="9"/>
      <attributeEditorField showLabel="1" name="change" index="3"/>
      <attributeEditorField showLabel="1" name="at" index="6"/>
      <attributeEditorField showLabel="1" name="actor" index="5"/>
      <attributeEditorField showLabel="1" name="changed_fields" index="4"/>
      <attributeEditorField showLabel="1" name="run_id" index="1"/>
      <attributeEditorField showLabel="1" name="restored_from" index="10"/>
      <attributeEditorAction showLabel="1" name="{00000000-0000-0000-0000-000000000000}" ActionUUID="{6f2c1c7e-0d3b-4f0e-9a55-2b1d8c3e4a14}"/>
    </attributeEditorContainer>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="0" name="Values">
      <attributeEditorField showLabel="1" name="old_values" index="7"/>
      <attributeEditorField showLabel="1" name="new_values" index="8"/>
    </attributeEditorContainer>
  </attributeEditorForm>
  <editable>
    <field name="actor" editable="0"/>
    <field name="at" editable="0"/>
    <field name="change" editable="0"/>
    <field name="changed_fields" editable="0"/>
    <field name="code" editable="0"/>
    <field name="id" editable="0"/>
    <field name="new_values" editable="0"/>
    <field name="old_values" editable="0"/>
    <field name="restored_from" editable="0"/>
    <field name="run_id" editable="0"/>
    <field name="version" editable="0"/>
  </editable>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <layerGeometryType>0</layerGeometryType>
</qgis>
